"use client";
/** CHART: bar, line, pie or area over one aggregate per group (see data/use-aggregate.ts), drawn with recharts. */
import type { Block } from "@plinth/blueprint";
import { useMemo } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { BlockEmpty, BlockError, BlockLoading } from "../components/block-states";
import { useAppLocale, useRuntime } from "../components/runtime-context";
import { chartGroups, partialNote } from "../config/aggregate";
import { toCrudFilters } from "../config/filters";
import { formatNumber, formatValue } from "../config/format";
import { findColumn, findTable } from "../config/model";
import { useAggregate } from "../data/use-aggregate";
import { useLookupLabels } from "../data/use-lookups";

type ChartBlock = Extract<Block, { type: "CHART" }>;

const PALETTE = ["var(--primary)", "#0ea5e9", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#64748b"];

export function ChartBlockView({ block }: { block: ChartBlock }) {
  const { blueprint, user } = useRuntime();
  const locale = useAppLocale();
  const table = findTable(blueprint, block.table);
  const groupColumn = findColumn(table, block.groupBy);
  const { rows, query, partialOf } = useAggregate(
    block.table,
    block.aggregate,
    toCrudFilters(block.filter, user),
    block.groupBy,
  );
  const labels = useLookupLabels(block.table, [block.groupBy], rows);
  const data = useMemo(() => {
    const groups = chartGroups(rows, block.groupBy, block.aggregate.fn, groupColumn?.enum);
    const lookup = labels[block.groupBy];
    return groups.map((g) => ({
      name: g.key === "(none)" ? "(none)" : (lookup?.get(g.key) ?? formatValue(groupColumn, g.key, locale)),
      value: g.value,
    }));
  }, [rows, block.groupBy, block.aggregate.fn, groupColumn, labels, locale]);
  const valueColumn = block.aggregate.column ? findColumn(table, block.aggregate.column) : undefined;
  const style = block.aggregate.fn !== "count" && valueColumn?.format === "currency" ? "currency" : "number";
  const format = (v: number) => formatNumber(v, style, locale);
  // The line, area and bar charts share their grid, axes and tooltip.
  const frame = [
    <CartesianGrid key="grid" strokeDasharray="3 3" className="stroke-border" />,
    <XAxis key="x" dataKey="name" tick={{ fontSize: 12 }} />,
    <YAxis key="y" tick={{ fontSize: 12 }} tickFormatter={format} width={72} />,
    <Tooltip key="tooltip" formatter={(v) => format(Number(v))} />,
  ];

  if (query.isLoading) return <BlockLoading rows={4} />;
  if (query.isError) return <BlockError error={query.error} onRetry={() => query.refetch()} />;
  if (rows.length === 0) return <BlockEmpty title="No data to chart yet" />;
  const summary = data.map((d) => `${d.name}: ${format(d.value)}`).join("; ");
  return (
    <figure className="grid gap-1">
      <div className="h-64 w-full" role="img" aria-label={`${block.title ?? "Chart"} — ${summary}`}>
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
          {block.chartType === "pie" ? (
            <PieChart>
              <Pie
                data={data}
                dataKey="value"
                nameKey="name"
                innerRadius="45%"
                outerRadius="80%"
                label={({ name }) => String(name)}
                isAnimationActive={false}
              >
                {data.map((d, i) => (
                  <Cell key={d.name} fill={PALETTE[i % PALETTE.length]} />
                ))}
              </Pie>
              <Tooltip formatter={(v) => format(Number(v))} />
            </PieChart>
          ) : block.chartType === "line" ? (
            <LineChart data={data}>
              {frame}
              <Line dataKey="value" stroke="var(--primary)" strokeWidth={2} isAnimationActive={false} />
            </LineChart>
          ) : block.chartType === "area" ? (
            <AreaChart data={data}>
              {frame}
              <Area
                dataKey="value"
                stroke="var(--primary)"
                fill="var(--primary)"
                fillOpacity={0.2}
                isAnimationActive={false}
              />
            </AreaChart>
          ) : (
            <BarChart data={data}>
              {frame}
              <Bar dataKey="value" fill="var(--primary)" radius={[4, 4, 0, 0]} isAnimationActive={false} />
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      {partialOf !== undefined && (
        <figcaption className="text-muted-foreground text-xs">{partialNote(partialOf)}</figcaption>
      )}
    </figure>
  );
}
