"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, SparklesIcon, Trash2Icon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { keys } from "@/lib/queries";

/**
 * Sample rows in a running app: while it holds some, how many and one action that removes
 * them (and nothing users added); while it holds none, one action that fills it, so a
 * founder who invited people first sees rows handed to them too.
 */
export function SampleDataNotice({ appId }: { appId: string }) {
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: keys.sampleData(appId), queryFn: () => api.sampleData(appId) });
  const settle = (next: Awaited<ReturnType<typeof api.sampleData>>) =>
    queryClient.setQueryData(keys.sampleData(appId), next);
  const remove = useMutation({ mutationFn: () => api.removeSampleData(appId), onSuccess: settle });
  const fill = useMutation({ mutationFn: () => api.fillSampleData(appId), onSuccess: settle });
  const rows = state.data?.rows ?? 0;
  if (!state.data) return null;
  if (rows === 0 && !remove.isError) {
    return (
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Button variant="outline" size="sm" onClick={() => fill.mutate()} disabled={fill.isPending}>
          {fill.isPending ? (
            <Loader2Icon className="animate-spin" aria-hidden="true" />
          ) : (
            <SparklesIcon aria-hidden="true" />
          )}
          Fill with sample data
        </Button>
        <span className="text-muted-foreground">
          {fill.isError
            ? errorMessage(fill.error)
            : "Example rows in every table; records with a person go to the members who have joined."}
        </span>
      </div>
    );
  }
  return (
    <Alert>
      <AlertTitle>
        <h2>This app holds sample data</h2>
      </AlertTitle>
      <AlertDescription className="grid gap-3">
        <p>
          {rows} example row{rows === 1 ? "" : "s"} in {state.data?.tables ?? 0} table
          {state.data?.tables === 1 ? "" : "s"}, added so you could try the app. Rows your users added stay when you
          remove them.
        </p>
        {remove.isError && <p className="text-destructive">{errorMessage(remove.error)}</p>}
        <div>
          <Button variant="outline" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {remove.isPending ? (
              <Loader2Icon className="animate-spin" aria-hidden="true" />
            ) : (
              <Trash2Icon aria-hidden="true" />
            )}
            Remove sample data
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}
