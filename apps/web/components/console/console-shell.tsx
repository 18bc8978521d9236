"use client";

import type { User } from "@plinth/contract";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOutIcon, PlusIcon, UserIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { toast } from "sonner";
import { Brand } from "@/components/brand";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage, isUnauthenticated } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { ErrorState, LoadingState } from "@/lib/states";
import { cn } from "@/lib/utils";

/** The signed-in frame of every control-plane page; signed-out visitors are sent to sign in. */
export function ConsoleShell({ children }: { children: React.ReactNode }) {
  const me = useQuery({ queryKey: ["me"], queryFn: api.me, staleTime: 60_000 });

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="bg-primary text-primary-foreground sr-only z-50 rounded-md px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="bg-background/85 sticky top-0 z-40 border-b backdrop-blur supports-[backdrop-filter]:bg-background/70">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:px-6">
          <Brand />
          <nav aria-label="Main" className="ml-2 hidden items-center gap-1 sm:flex">
            <NavLink href="/dashboard">Apps</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-2">
            <Button asChild size="sm">
              <Link href="/dashboard/new">
                <PlusIcon aria-hidden="true" />
                <span>New app</span>
              </Link>
            </Button>
            {me.data ? <UserMenu user={me.data} /> : <Skeleton className="size-8 rounded-full" />}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-10">
        {me.isPending || isUnauthenticated(me.error) ? (
          <LoadingState label="Loading…" rows={["h-8 w-48", "h-40 w-full"]} className="gap-4" />
        ) : me.isError ? (
          <ErrorState message={errorMessage(me.error)} onRetry={() => me.refetch()} />
        ) : (
          children
        )}
      </main>
    </div>
  );
}

function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const active = pathname === href || (href !== "/dashboard" && pathname.startsWith(href));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "text-muted-foreground hover:text-foreground rounded-md px-3 py-1.5 text-sm font-medium outline-none transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50",
        active && "text-foreground bg-muted",
      )}
    >
      {children}
    </Link>
  );
}

function UserMenu({ user }: { user: User }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const initial = (user.display_name || user.email).trim().charAt(0).toUpperCase() || "?";

  async function signOut() {
    try {
      await api.signOut();
      queryClient.clear();
      router.replace("/sign-in");
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="rounded-full" aria-label={`Account menu for ${user.email}`}>
          <span className="bg-primary/10 text-primary flex size-8 items-center justify-center rounded-full text-sm font-semibold">
            {initial}
          </span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="font-normal">
          <div className="flex items-center gap-2">
            <UserIcon className="text-muted-foreground size-4" aria-hidden="true" />
            <div className="min-w-0">
              {user.display_name && <p className="truncate text-sm font-medium">{user.display_name}</p>}
              <p className="text-muted-foreground truncate text-xs">{user.email}</p>
            </div>
          </div>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={signOut}>
          <LogOutIcon aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
