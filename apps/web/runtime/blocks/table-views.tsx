"use client";
/**
 * A TABLE's saved views (the member's own and those shared with the app) and which of
 * its columns are shown. Saving keeps the current search, filters, sort, hidden columns
 * and page under a name; opening one puts them back.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookmarkIcon, Columns3Icon, Trash2Icon } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { TableViewState } from "../config/view-state";
import { useAppServices } from "../data/app-services";

export function SavedViews({
  viewKey,
  current,
  onOpen,
}: {
  viewKey: string;
  current: TableViewState;
  onOpen: (state: unknown) => void;
}) {
  const services = useAppServices();
  const queryClient = useQueryClient();
  const formId = useId();
  const [chosen, setChosen] = useState("");
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const queryKey = ["plinth-views", viewKey];
  const views = useQuery({
    queryKey,
    queryFn: () => services?.listViews(viewKey) ?? [],
    enabled: Boolean(services),
  });
  const save = useMutation({
    mutationFn: () => {
      if (!services) throw new Error("Saved views are not available here.");
      return services.saveView(viewKey, name.trim(), shared, current);
    },
    onSuccess: (view) => {
      toast.success(`Saved the view "${view.name}".`);
      setSaving(false);
      setName("");
      setChosen(view.id);
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => toast.error("Could not save the view", { description: error.message }),
  });
  const remove = useMutation({
    mutationFn: (id: string) => services?.deleteView(id) ?? Promise.resolve(),
    onSuccess: () => {
      setChosen("");
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => toast.error("Could not delete the view", { description: error.message }),
  });
  if (!services) return null;
  const list = views.data ?? [];
  const selected = list.find((v) => v.id === chosen);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="w-48">
        <NativeSelect
          aria-label="Saved views"
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            const view = list.find((v) => v.id === e.target.value);
            if (view) onOpen(view.state);
          }}
        >
          <option value="">{views.isLoading ? "Loading views…" : "Saved views"}</option>
          {list.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
              {v.shared ? " (shared)" : ""}
            </option>
          ))}
        </NativeSelect>
      </div>
      {selected?.mine && (
        <Button
          size="sm"
          variant="ghost"
          disabled={remove.isPending}
          onClick={() => remove.mutate(selected.id)}
          aria-label={`Delete the view ${selected.name}`}
        >
          <Trash2Icon aria-hidden="true" />
        </Button>
      )}
      {saving ? (
        <form
          className="flex flex-wrap items-center gap-2"
          aria-label="Save this view"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <Input
            aria-label="View name"
            placeholder="Name this view"
            className="w-44"
            maxLength={80}
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <label htmlFor={`${formId}-shared`} className="flex items-center gap-1 text-sm">
            <input
              id={`${formId}-shared`}
              type="checkbox"
              className="accent-primary size-4"
              checked={shared}
              onChange={(e) => setShared(e.target.checked)}
            />
            Share with everyone in the app
          </label>
          <Button size="sm" type="submit" disabled={save.isPending || !name.trim()}>
            Save
          </Button>
          <Button size="sm" variant="ghost" type="button" onClick={() => setSaving(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button size="sm" variant="outline" onClick={() => setSaving(true)}>
          <BookmarkIcon aria-hidden="true" />
          Save view
        </Button>
      )}
    </div>
  );
}

export function ColumnsMenu({
  columns,
  hidden,
  onChange,
}: {
  columns: { name: string; label: string }[];
  hidden: string[];
  onChange: (hidden: string[]) => void;
}) {
  return (
    <details className="relative">
      <summary className="border-input hover:bg-accent inline-flex h-8 cursor-pointer list-none items-center gap-1.5 rounded-md border px-3 text-sm">
        <Columns3Icon aria-hidden="true" className="size-4" />
        Columns{hidden.length > 0 ? ` (${hidden.length} hidden)` : ""}
      </summary>
      <fieldset className="bg-popover absolute right-0 z-20 mt-1 grid min-w-48 gap-1 rounded-md border p-2 shadow-md">
        <legend className="sr-only">Shown columns</legend>
        {columns.map(({ name, label }) => (
          <label key={name} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="accent-primary size-4"
              checked={!hidden.includes(name)}
              // The last shown column stays: a table of no columns shows nothing to act on.
              disabled={!hidden.includes(name) && hidden.length >= columns.length - 1}
              onChange={(e) => onChange(e.target.checked ? hidden.filter((h) => h !== name) : [...hidden, name])}
            />
            {label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
