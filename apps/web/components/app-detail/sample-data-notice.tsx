"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Loader2Icon, Trash2Icon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { keys } from "@/lib/queries";

/** While a running app holds sample rows: how many, and one action that removes them (and nothing users added). */
export function SampleDataNotice({ appId }: { appId: string }) {
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: keys.sampleData(appId), queryFn: () => api.sampleData(appId) });
  const remove = useMutation({
    mutationFn: () => api.removeSampleData(appId),
    onSuccess: (next) => queryClient.setQueryData(keys.sampleData(appId), next),
  });
  const rows = state.data?.rows ?? 0;
  if (rows === 0 && !remove.isError) return null;
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
