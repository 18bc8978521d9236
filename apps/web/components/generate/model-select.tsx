"use client";

import type { Model } from "@plinth/contract";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { NativeSelect } from "@/components/ui/native-select";
import { api } from "@/lib/api/endpoints";
import { keys } from "@/lib/queries";

export const OFFLINE: Model = { id: "offline", label: "Offline planner", available: true };

/** The models to offer: the API's list, with Offline always among them. */
export function withOffline(models: Model[] | undefined): Model[] {
  const list = models ?? [];
  return list.some((m) => m.id === OFFLINE.id) ? list : [...list, OFFLINE];
}

/** The first model that can actually run; Offline when no model key is configured. */
export function defaultModel(models: Model[]): string {
  return models.find((m) => m.available && m.id !== OFFLINE.id)?.id ?? OFFLINE.id;
}

export function useModels() {
  const query = useQuery({ queryKey: keys.models, queryFn: api.models, staleTime: 5 * 60_000 });
  return { ...query, models: withOffline(query.data) };
}

export function ModelSelect({
  id,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (model: string) => void;
  describedBy?: string;
}) {
  const { models, isPending, isError, data } = useModels();

  // Pick the default once the list arrives, unless the founder already chose.
  useEffect(() => {
    if (data && !value) onChange(defaultModel(withOffline(data)));
  }, [data, value, onChange]);

  return (
    <>
      <NativeSelect
        id={id}
        value={value || OFFLINE.id}
        onChange={(e) => onChange(e.target.value)}
        disabled={isPending}
        aria-describedby={describedBy}
      >
        {models.map((model) => (
          <option key={model.id} value={model.id} disabled={!model.available}>
            {model.label}
            {model.available ? "" : " — not configured"}
          </option>
        ))}
      </NativeSelect>
      {isError && (
        <p className="text-muted-foreground text-xs">
          The list of models could not be loaded; the offline planner still works.
        </p>
      )}
    </>
  );
}
