"use client";
/**
 * A TABLE block's view state, kept in the page's URL as the user changes it (replacing the
 * history entry, so typing a search does not fill the back button), read from it on load.
 */
import { useEffect, useState } from "react";
import { readViewState, type TableViewState, writeViewState } from "../config/view-state";

export function useTableView(key: string, defaults: TableViewState) {
  const [state, setState] = useState<TableViewState>(() =>
    typeof window === "undefined"
      ? defaults
      : readViewState(new URLSearchParams(window.location.search), key, defaults),
  );
  useEffect(() => {
    const { pathname, search, hash } = window.location;
    const query = writeViewState(new URLSearchParams(search), key, state, defaults).toString();
    const url = `${pathname}${query ? `?${query}` : ""}${hash}`;
    if (url !== `${pathname}${search}${hash}`) window.history.replaceState(window.history.state, "", url);
  }, [key, state, defaults]);
  return [state, setState] as const;
}
