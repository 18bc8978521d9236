"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { AuthCard } from "./auth-card";
import { AuthForm } from "./auth-form";

/**
 * Stands for this site's origin: a path resolves to another origin exactly when it names
 * another host, whatever this site's own origin is, and the server render has no window.
 */
const THIS_SITE = "https://this-site.invalid";

/**
 * Only places inside this site, so a crafted link cannot send a founder elsewhere after
 * signing in. The URL parser decides where `next` leads (it drops tabs and newlines and
 * reads backslashes as slashes, which string checks miss); only a place on this site's
 * origin is kept, as a path.
 */
export function safeNext(next: string | null): string | undefined {
  if (!next?.startsWith("/")) return undefined;
  let url: URL;
  try {
    url = new URL(next, THIS_SITE);
  } catch {
    return undefined;
  }
  if (url.origin !== THIS_SITE) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function AuthPage({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const next = safeNext(useSearchParams().get("next"));
  const signUp = mode === "sign-up";

  return (
    <AuthCard
      title={signUp ? "Create your account" : "Sign in to Plinth"}
      description={
        signUp
          ? "Describe a business app in plain words; Plinth builds and runs it."
          : "Welcome back. Your apps are waiting."
      }
    >
      <AuthForm
        mode={mode}
        next={next}
        onSuccess={(user) => {
          queryClient.setQueryData(["me"], user);
          router.replace(next ?? (signUp ? "/dashboard/new" : "/dashboard"));
        }}
      />
    </AuthCard>
  );
}
