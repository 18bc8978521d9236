"use client";

/**
 * /apps/<slug>: asks the control plane what the app is. Unknown → not found; stopped
 * → a stopped page and no data calls; running → the end user's sign-in (or, opened from
 * an invitation link, the join screen), then, with their token, the app's blueprint and
 * the app. Only a signed-in member is given the blueprint.
 */
import type { AuthProvider } from "@refinedev/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PowerOffIcon, SearchXIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api/client";
import { EmptyState, ErrorState } from "@/lib/states";
import { authProviderFor } from "../auth/auth-provider";
import { createSessionStore, type SessionStore } from "../auth/session-store";
import { createAppServices } from "../data/app-services";
import { createAppProviders } from "../data/data-provider";
import { createFileStorage } from "../data/file-storage";
import {
  fetchAppMembers,
  fetchRunningApp,
  fetchRuntimeInfo,
  openWithPlinthSignIn,
  type RunningInfo,
  type RuntimeInfo,
  type RuntimeSession,
} from "../data/runtime-api";
import { RuntimeApp } from "./runtime-app";
import { AppSignIn } from "./sign-in";
import { AppStoppingProvider, createUnsavedForms, UnsavedFormsProvider, useHasUnsavedForms } from "./unsaved-changes";

/** Only an invitation link shows it; it checks new passwords with the contract's zod rules, which nothing else here needs. */
const AppJoin = dynamic(() => import("./join").then((m) => m.AppJoin), { ssr: false });

/** How often an open app asks whether it still runs, so a Stop is noticed before the next save fails. */
const STATUS_CHECK_MS = 15_000;

export interface RuntimeEntryProps {
  slug: string;
  subPath: string;
  navigate: (to: string) => void;
  /** The secret from an invitation link's ?invite=, if the page was opened with one. */
  invite?: string;
  /** Called once the invitation is used, to drop it from the address. */
  onInviteUsed?: () => void;
}

/** The signed-in member's blueprint and data API; one definition, so a prefetch and the app share it. */
const runningAppQuery = (slug: string, accessToken: string) => ({
  queryKey: ["runtime", slug, "blueprint", accessToken],
  queryFn: () => fetchRunningApp(slug, accessToken),
  staleTime: 60_000,
  refetchOnWindowFocus: false,
  retry: false,
});

/** Plinth sign-in requests started before the app's status came back, by slug (see RuntimeEntry). */
const earlyOpenings = new Map<string, Promise<RuntimeSession>>();

export function RuntimeEntry({ slug, subPath, navigate, invite, onInviteUsed }: RuntimeEntryProps) {
  const queryClient = useQueryClient();
  useEffect(() => {
    // A member coming back (a reload, a second tab) asks for the blueprint alongside the
    // app's status instead of after it: one round trip less before the first page shows.
    // Someone without a session of the app's own (its founder, opening it from Plinth) asks
    // for one from their Plinth sign-in, then for the blueprint, also while the status loads.
    const store = createSessionStore(slug, window.localStorage);
    const token = store.get()?.access_token;
    if (token) void queryClient.prefetchQuery(runningAppQuery(slug, token));
    else if (!invite && !store.signedOut()) {
      const opening = openWithPlinthSignIn(slug);
      opening.then(
        (session) => void queryClient.prefetchQuery(runningAppQuery(slug, session.access_token)),
        () => undefined,
      );
      earlyOpenings.set(slug, opening);
    }
  }, [queryClient, slug, invite]);
  const info = useQuery({
    queryKey: ["runtime", slug],
    queryFn: () => fetchRuntimeInfo(slug),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    refetchInterval: STATUS_CHECK_MS,
  });
  // Asked while the app was not running (it answered "stopped"), the early answer is stale.
  const status = info.data?.status;
  useEffect(() => {
    if (status && status !== "running") earlyOpenings.delete(slug);
  }, [status, slug]);
  const unsaved = useMemo(createUnsavedForms, []);
  const hasUnsaved = useHasUnsavedForms(unsaved);
  const lastRunning = useRef<Extract<RuntimeInfo, { status: "running" }>>(undefined);
  if (info.isPending) {
    return (
      <main className="grid gap-3 p-6" aria-busy="true" aria-label="Loading the app">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-40 w-full" />
      </main>
    );
  }
  // A failed status check keeps the app on screen; only a first load that fails shows the error.
  if (info.isError && !info.data) {
    return (
      <main className="mx-auto max-w-xl p-6">
        <ErrorState title="This app could not be loaded" message={info.error.message} onRetry={() => info.refetch()} />
      </main>
    );
  }
  const data = info.data;
  if (data.status === "running") lastRunning.current = data;
  // Stopped under someone's unsaved form: the page stays, with a banner, until the form is saved or left.
  const kept = data.status === "stopped" && hasUnsaved ? lastRunning.current : undefined;
  if (data.status === "not_found") {
    return (
      <main className="mx-auto max-w-xl p-6">
        <EmptyState
          icon={<SearchXIcon className="size-6" />}
          title="App not found"
          description={`${data.message} Check the address, or ask whoever shared it.`}
        />
      </main>
    );
  }
  if (data.status !== "running" && !kept) {
    return (
      <main className="mx-auto max-w-xl p-6">
        <EmptyState
          icon={<PowerOffIcon className="size-6" />}
          title={data.status === "stopped" ? "This app is stopped" : `${data.app.name} is not running yet`}
          description={
            data.status === "stopped"
              ? `${data.app.name} is stopped. Its owner can start it again from Plinth.`
              : data.message
          }
        />
      </main>
    );
  }
  const running = data.status === "running" ? data : kept;
  if (!running) return null;
  return (
    <UnsavedFormsProvider value={unsaved}>
      <AppStoppingProvider value={running !== data}>
        <RunningApp
          key={`${running.app.id}:${running.version}`}
          info={running}
          slug={slug}
          subPath={subPath}
          navigate={navigate}
          invite={invite}
          onInviteUsed={onInviteUsed}
          onAppStopped={() => info.refetch()}
        />
      </AppStoppingProvider>
    </UnsavedFormsProvider>
  );
}

function RunningApp({
  info,
  slug,
  subPath,
  navigate,
  invite,
  onInviteUsed,
  onAppStopped,
}: {
  info: Extract<RuntimeInfo, { status: "running" }>;
  slug: string;
  subPath: string;
  navigate: (to: string) => void;
  invite: string | undefined;
  onInviteUsed: (() => void) | undefined;
  onAppStopped: () => void;
}) {
  const store = useMemo(
    () =>
      typeof window === "undefined"
        ? createSessionStore(slug, undefined)
        : createSessionStore(slug, window.localStorage, window),
    [slug],
  );
  const session = useSyncExternalStore(
    store.subscribe,
    () => store.get(),
    () => null,
  );
  const authProvider = useMemo(() => authProviderFor(slug, store), [slug, store]);
  const opening = useOpenWithPlinthSignIn(slug, store, !session && !invite && !store.signedOut());
  if (opening) {
    return (
      <main className="grid gap-3 p-6" aria-busy="true" aria-label="Signing you in">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-40 w-full" />
      </main>
    );
  }
  if (!session && invite) {
    return (
      <AppJoin
        appName={info.app.name}
        slug={slug}
        invite={invite}
        onJoined={(joined) => {
          store.set(joined);
          onInviteUsed?.();
        }}
      />
    );
  }
  if (!session) {
    return (
      <AppSignIn
        appName={info.app.name}
        slug={slug}
        onSignIn={async (email, password) => {
          const result = await authProvider.login({ email, password });
          return result.success ? undefined : (result.error?.message ?? "Signing in failed; try again.");
        }}
      />
    );
  }
  return (
    <SignedInApp
      key={session.user.id}
      slug={slug}
      session={session}
      store={store}
      authProvider={authProvider}
      subPath={subPath}
      navigate={navigate}
      onAppStopped={onAppStopped}
    />
  );
}

/**
 * One sign-in: without a session of the app's own, whoever is signed in to Plinth in this
 * browser (the app's founder, or a member who uses the console) is let in as who they
 * are in the app. True while that is being asked; once refused, the sign-in screen shows.
 */
function useOpenWithPlinthSignIn(slug: string, store: SessionStore, wanted: boolean): boolean {
  const [refused, setRefused] = useState(false);
  const trying = wanted && !refused;
  useEffect(() => {
    if (!trying) return;
    let cancelled = false;
    // The request RuntimeEntry started alongside the app's status, if it did; each is used once.
    const early = earlyOpenings.get(slug);
    earlyOpenings.delete(slug);
    (early ?? openWithPlinthSignIn(slug)).then(
      (session) => {
        if (!cancelled) store.set(session);
      },
      () => {
        if (!cancelled) setRefused(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [trying, slug, store]);
  return trying;
}

/** Loads the blueprint with the member's token; a token the API no longer accepts ends the session. */
function SignedInApp({
  slug,
  session,
  store,
  authProvider,
  subPath,
  navigate,
  onAppStopped,
}: {
  slug: string;
  session: RuntimeSession;
  store: SessionStore;
  authProvider: AuthProvider;
  subPath: string;
  navigate: (to: string) => void;
  onAppStopped: () => void;
}) {
  const running = useQuery(runningAppQuery(slug, session.access_token));
  // A token the API no longer takes (its password was reset, its sign-in expired) ends the
  // session: the Plinth sign-in or the sign-in screen takes over instead of an error.
  const tokenRefused = running.error instanceof ApiError && running.error.status === 401;
  useEffect(() => {
    if (tokenRefused) store.set(null);
  }, [tokenRefused, store]);
  if (running.isPending || tokenRefused) {
    return (
      <main className="grid gap-3 p-6" aria-busy="true" aria-label="Loading the app">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-40 w-full" />
      </main>
    );
  }
  if (running.isError) {
    return (
      <main className="mx-auto max-w-xl p-6">
        <ErrorState
          title="This app could not be loaded"
          message={running.error.message}
          onRetry={() => {
            // Signed out, the sign-in screen takes over; otherwise try again as is.
            const refused = running.error instanceof ApiError && [401, 403].includes(running.error.status);
            if (refused) store.set(null);
            else void running.refetch();
          }}
        />
      </main>
    );
  }
  return (
    <LoadedApp
      info={running.data}
      store={store}
      session={session}
      authProvider={authProvider}
      slug={slug}
      subPath={subPath}
      navigate={navigate}
      onAppStopped={onAppStopped}
    />
  );
}

function LoadedApp({
  info,
  store,
  session,
  authProvider,
  slug,
  subPath,
  navigate,
  onAppStopped,
}: {
  info: RunningInfo;
  store: SessionStore;
  session: RuntimeSession;
  authProvider: AuthProvider;
  slug: string;
  subPath: string;
  navigate: (to: string) => void;
  onAppStopped: () => void;
}) {
  const { dataProvider, liveProvider } = useMemo(
    () => createAppProviders(info, () => store.get()?.access_token),
    [info, store],
  );
  const loadMembers = useCallback(() => fetchAppMembers(slug, store.get()?.access_token), [slug, store]);
  const fileStorage = useMemo(() => createFileStorage(info, () => store.get()?.access_token), [info, store]);
  const services = useMemo(() => createAppServices(slug, () => store.get()?.access_token), [slug, store]);
  return (
    <RuntimeApp
      services={services}
      blueprint={info.blueprint}
      user={session.user}
      basePath={`/apps/${slug}`}
      subPath={subPath}
      navigate={navigate}
      dataProvider={dataProvider}
      liveProvider={liveProvider}
      loadMembers={loadMembers}
      fileStorage={fileStorage}
      authProvider={authProvider}
      onSignOut={() => void authProvider.logout({})}
      onAppStopped={onAppStopped}
    />
  );
}
