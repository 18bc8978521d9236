import type { Column } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { autoMapping, checkRows, type ImportColumn, lookupIds, mappingProblems } from "./import-rows";

const col = (c: Partial<Column> & { name: string }): Column => ({ type: "text", ...c }) as Column;
const columns: ImportColumn[] = [
  { column: col({ name: "title", required: true }), label: "Title" },
  { column: col({ name: "stage", enum: ["lead", "won"], required: true, default: "lead" }), label: "Stage" },
  { column: col({ name: "amount", type: "float", min: 0 }), label: "Amount" },
  { column: col({ name: "active", type: "bool" }), label: "Active" },
  {
    column: col({ name: "company_id", type: "uuid" }),
    label: "Company",
    lookup: {
      tableLabel: "companies",
      ids: lookupIds([
        { id: "c-1", label: "Acme" },
        { id: "c-2", label: "Twin" },
        { id: "c-3", label: "twin" },
      ]),
    },
  },
];

describe("checking an imported file's rows", () => {
  it("maps file columns by name or label, whatever their case", () => {
    expect(autoMapping(["TITLE", "amount", "Company", "unrelated"], columns)).toEqual({
      title: 0,
      amount: 1,
      company_id: 2,
    });
  });

  it("asks for the file column of a required column without a default", () => {
    expect(mappingProblems(columns, { amount: 0 })).toEqual([
      "Choose the file column that holds Title; it is required.",
    ]);
  });

  it("lists every failing row with its line and the form's reasons, and keeps the others as payloads", () => {
    const mapping = { title: 0, stage: 1, amount: 2, active: 3, company_id: 4 };
    const { valid, failed } = checkRows(
      [
        ["Big deal", "won", "12.5", "yes", "acme"],
        ["", "lost", "-1", "maybe", "Nobody"],
        ["Twins", "", "", "", "Twin"],
        ["Plain", "", "", "", ""],
      ],
      columns,
      mapping,
      { locale: "en-US", currency: "USD" },
    );
    expect(valid).toEqual([
      { line: 2, payload: { title: "Big deal", stage: "won", amount: 12.5, active: true, company_id: "c-1" } },
      { line: 5, payload: { title: "Plain", active: false } },
    ]);
    expect(failed).toEqual([
      {
        line: 3,
        reasons: [
          "Title is required.",
          "Stage must be one of: lead, won.",
          "Amount must be at least 0.",
          'Active must be yes or no (or true/false), not "maybe".',
          'Company: there is no companies named "Nobody".',
        ],
      },
      { line: 4, reasons: ['Company: several companies are named "Twin"; rename one to import.'] },
    ]);
  });
});
