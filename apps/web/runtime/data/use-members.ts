"use client";
/**
 * The app's people (the owner and every member who joined), each with a name and
 * initials, asked for once per session and shared by every block that shows or picks
 * a person: chat authors, people columns, the member picker.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useRuntime } from "../components/runtime-context";
import type { AppMember } from "./runtime-api";

export interface Members {
  /** In the API's order (by name). */
  list: AppMember[];
  byId: Map<string, AppMember>;
  isLoading: boolean;
}

export function useMembers(): Members {
  const { loadMembers } = useRuntime();
  const { data, isLoading } = useQuery({
    queryKey: ["plinth", "app-members"],
    queryFn: () => loadMembers?.() ?? Promise.resolve([]),
    enabled: Boolean(loadMembers),
    staleTime: 60_000,
  });
  return useMemo(() => {
    const list = data ?? [];
    return { list, byId: new Map(list.map((m) => [m.id, m])), isLoading: Boolean(loadMembers) && isLoading };
  }, [data, isLoading, loadMembers]);
}
