"use client";
/**
 * Refine's router binding over the runtime's own navigation (Next's router in the app,
 * an in-memory one in tests), so Refine's links and redirects stay under /apps/<slug>.
 */
import type { RouterProvider } from "@refinedev/core";
import { type ComponentProps, forwardRef } from "react";
import { matchRoute } from "../config/refine-config";
import { useRuntime } from "./runtime-context";

const RuntimeLink = forwardRef<HTMLAnchorElement, ComponentProps<"a"> & { to: string }>(function RuntimeLink(
  { to, onClick, ...props },
  ref,
) {
  const { navigate } = useRuntime();
  return (
    <a
      ref={ref}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
      {...props}
    />
  );
});

export const runtimeRouterProvider: RouterProvider = {
  go: () => {
    const { navigate } = useRuntime();
    return ({ to, type }) => {
      if (type === "path") return to;
      if (to) navigate(to);
      return undefined;
    };
  },
  back: () => () => window.history.back(),
  parse: () => {
    const { blueprint, basePath, subPath } = useRuntime();
    return () => {
      const match = matchRoute(blueprint.ui.pages, subPath);
      return { pathname: `${basePath}${subPath}`, id: match?.params.id, params: {} };
    };
  },
  Link: RuntimeLink,
};
