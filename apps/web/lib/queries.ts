/** Server state shared by the control-plane pages, with the cache kept right after every action. */

import type { AppDetail, AppSummary } from "@plinth/contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "./api/endpoints";

export const keys = {
  apps: ["apps"] as const,
  app: (id: string) => ["app", id] as const,
  blueprint: (id: string, version: number | "latest" = "latest") => ["app", id, "blueprint", version] as const,
  history: (id: string) => ["app", id, "history"] as const,
  members: (id: string) => ["app", id, "members"] as const,
  sampleData: (id: string) => ["app", id, "sample-data"] as const,
  models: ["models"] as const,
  job: (id: string) => ["job", id] as const,
};

/** Start, stop and delete; the apps list and the app's own page update without a reload. */
export function useAppActions() {
  const queryClient = useQueryClient();

  const put = (app: AppSummary) => {
    queryClient.setQueryData<AppSummary[]>(keys.apps, (apps) => apps?.map((a) => (a.id === app.id ? app : a)));
    queryClient.setQueryData<AppDetail>(keys.app(app.id), (detail) => (detail ? { ...detail, app } : detail));
    void queryClient.invalidateQueries({ queryKey: keys.app(app.id) });
  };

  const start = useMutation({ mutationFn: (app: AppSummary) => api.start(app.id), onSuccess: put });
  const stop = useMutation({ mutationFn: (app: AppSummary) => api.stop(app.id), onSuccess: put });
  const remove = useMutation({
    mutationFn: (app: AppSummary) => api.remove(app.id),
    onSuccess: (_, app) => {
      queryClient.setQueryData<AppSummary[]>(keys.apps, (apps) => apps?.filter((a) => a.id !== app.id));
      queryClient.removeQueries({ queryKey: keys.app(app.id) });
      void queryClient.invalidateQueries({ queryKey: keys.apps });
    },
  });
  return { start, stop, remove };
}
