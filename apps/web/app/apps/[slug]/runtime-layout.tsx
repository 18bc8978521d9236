"use client";
/**
 * The runtime lives in this layout rather than in a page so that moving between an
 * app's pages keeps it mounted (Refine, its caches and the session stay put); the
 * catch-all page below only makes every path under /apps/<slug> exist.
 */
import { useParams, usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { RuntimeEntry } from "@/runtime/components/runtime-entry";

export function AppRuntimeLayout({ children }: { children: React.ReactNode }) {
  const { slug } = useParams<{ slug: string }>();
  const pathname = usePathname();
  const router = useRouter();
  const invite = useSearchParams().get("invite") ?? undefined;
  const base = `/apps/${slug}`;
  const subPath = pathname.startsWith(base) ? pathname.slice(base.length) || "/" : "/";
  const navigate = useCallback((to: string) => router.push(to), [router]);
  // The secret should not linger in the address bar or history once it has been used.
  const dropInvite = useCallback(() => router.replace(pathname), [router, pathname]);
  return (
    <>
      <RuntimeEntry slug={slug} subPath={subPath} navigate={navigate} invite={invite} onInviteUsed={dropInvite} />
      {children}
    </>
  );
}
