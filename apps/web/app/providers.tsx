"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { Toaster } from "@/components/ui/sonner";
import { isUnauthenticated } from "@/lib/api/client";

/**
 * Pages that say for themselves what a 401 means: the sign-in pages, the password reset
 * and verification pages, and an app's runtime, whose end users sign in to the app, not
 * to the console.
 */
const OWN_SIGN_IN = ["/sign-", "/reset-password", "/verify-email", "/apps/"];

/** Sends the founder to sign in when any call finds the session gone, then back here after. */
function toSignIn(error: unknown): void {
  if (!isUnauthenticated(error) || OWN_SIGN_IN.some((path) => window.location.pathname.startsWith(path))) return;
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  window.location.assign(`/sign-in?next=${next}`);
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: toSignIn }),
    mutationCache: new MutationCache({ onError: toSignIn }),
    defaultOptions: {
      queries: {
        // A 4xx will not fix itself; retry only what may be transient.
        retry: (failures, error) =>
          failures < 2 &&
          !(error && "status" in error && (error.status as number) >= 400 && (error.status as number) < 500),
        refetchOnWindowFocus: true,
        staleTime: 5_000,
      },
    },
  });
}

export function Providers({ children }: { children: React.ReactNode }) {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster position="bottom-right" richColors closeButton />
    </QueryClientProvider>
  );
}
