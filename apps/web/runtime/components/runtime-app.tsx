"use client";
/**
 * A signed-in user inside an app: Refine configured from the blueprint (resources,
 * access control for the user's role, the app's data and auth providers), the menu
 * from ui.navigation, and the page the path names.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import {
  type AuthProvider,
  type DataProvider,
  type LiveProvider,
  type NotificationProvider,
  Refine,
} from "@refinedev/core";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { LogOutIcon, MenuIcon, XIcon } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/lib/states";
import type { RuntimeUser } from "../config/filters";
import { accessControlFor, homePath, matchRoute, menuFor, pageVisible, resourcesFor } from "../config/refine-config";
import { themeStyle } from "../config/theme";
import { type AppServices, AppServicesProvider } from "../data/app-services";
import type { FileStorage } from "../data/file-storage";
import type { AppMember } from "../data/runtime-api";
import { FileStorageProvider } from "./file-storage-context";
import { NavIcon } from "./icons";
import { ModalHost } from "./modal-host";
import { PageView } from "./page-view";
import { runtimeRouterProvider } from "./router-provider";
import { RuntimeContextProvider, useRuntime, useTexts } from "./runtime-context";
import { useAppStopping } from "./unsaved-changes";

export const sonnerNotifications: NotificationProvider = {
  open: ({ type, message, description, key }) => {
    const show = type === "error" ? toast.error : type === "success" ? toast.success : toast;
    show(message, { id: key, description });
  },
  close: (key) => toast.dismiss(key),
};

const isStopped = (error: unknown) => (error as { code?: string } | null)?.code === "PGRST503";

export interface RuntimeAppProps {
  blueprint: BlueprintV2;
  user: RuntimeUser;
  basePath: string;
  subPath: string;
  navigate: (to: string) => void;
  dataProvider: DataProvider;
  /** Others' changes refresh every list, board, calendar and stat card as they commit. */
  liveProvider?: LiveProvider;
  loadMembers?: () => Promise<AppMember[]>;
  /** Files of file and image columns (data/file-storage.ts). */
  fileStorage: FileStorage;
  authProvider: AuthProvider;
  onSignOut: () => void;
  /** Called when a data call finds the app stopped (PGRST503) meanwhile. */
  onAppStopped?: () => void;
  /** Tests pass a client without retries. */
  queryClient?: QueryClient;
  /** Saved views and imports; without them the runtime hides those features. */
  services?: AppServices;
}

export function RuntimeApp(props: RuntimeAppProps) {
  const { blueprint, user, basePath, subPath, navigate, dataProvider, liveProvider, loadMembers, authProvider } = props;
  const resources = useMemo(() => resourcesFor(blueprint, basePath), [blueprint, basePath]);
  const accessControl = useMemo(() => accessControlFor(blueprint, user.role), [blueprint, user.role]);
  const [queryClient] = useState(
    () =>
      props.queryClient ??
      new QueryClient({
        queryCache: new QueryCache({ onError: (e) => isStopped(e) && props.onAppStopped?.() }),
        mutationCache: new MutationCache({ onError: (e) => isStopped(e) && props.onAppStopped?.() }),
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            // A refusal (4xx, PostgREST codes) will not fix itself; retry only what may be transient.
            retry: (failures, error) => failures < 2 && !(error as { code?: string })?.code,
          },
        },
      }),
  );
  const context = useMemo(
    () => ({ blueprint, user, basePath, subPath, navigate, loadMembers, liveUpdates: Boolean(liveProvider) }),
    [blueprint, user, basePath, subPath, navigate, loadMembers, liveProvider],
  );
  return (
    <RuntimeContextProvider value={context}>
      <AppServicesProvider value={props.services}>
        <Refine
          dataProvider={dataProvider}
          liveProvider={liveProvider}
          authProvider={authProvider}
          accessControlProvider={accessControl}
          routerProvider={runtimeRouterProvider}
          notificationProvider={sonnerNotifications}
          resources={resources}
          options={{
            disableTelemetry: true,
            syncWithLocation: false,
            warnWhenUnsavedChanges: false,
            reactQuery: { clientConfig: queryClient },
            mutationMode: "pessimistic",
            liveMode: liveProvider ? "auto" : "off",
          }}
        >
          <FileStorageProvider value={props.fileStorage}>
            <ModalHost>
              <Shell onSignOut={props.onSignOut} />
            </ModalHost>
          </FileStorageProvider>
        </Refine>
      </AppServicesProvider>
    </RuntimeContextProvider>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const { blueprint, user, basePath, subPath, navigate } = useRuntime();
  const t = useTexts();
  const stopping = useAppStopping();
  const [menuOpen, setMenuOpen] = useState(false);
  // Dialogs render in a portal on <body>, outside the shell, so the theme goes on <body> too.
  useEffect(() => {
    const style = themeStyle(blueprint.app.theme);
    const body = document.body;
    for (const [key, value] of Object.entries(style))
      body.style.setProperty(key === "colorScheme" ? "color-scheme" : key, value);
    body.classList.toggle("dark", blueprint.app.theme.mode === "dark");
    return () => {
      for (const key of Object.keys(style)) body.style.removeProperty(key === "colorScheme" ? "color-scheme" : key);
      body.classList.remove("dark");
    };
  }, [blueprint.app.theme]);
  const menu = menuFor(blueprint, user.role, basePath);
  const match = matchRoute(blueprint.ui.pages, subPath);
  const current = `${basePath}${subPath === "/" ? "" : subPath}`;
  const roleLabel = blueprint.security.roles.find((r) => r.name === user.role)?.label ?? user.role;
  const go = (href: string) => {
    setMenuOpen(false);
    navigate(href);
  };
  // The entry whose path is the longest prefix of the current one: /deals/board is "Deals board", not "Deals".
  const activeKey = menu
    .filter((m) => current === m.href || (m.href !== basePath && current.startsWith(`${m.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0]?.key;
  const nav = (
    <nav aria-label="App" className="grid gap-1">
      {menu.map((item) => {
        const active = item.key === activeKey;
        return (
          <a
            key={item.key}
            href={item.href}
            aria-current={active ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              go(item.href);
            }}
            className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring ${active ? "bg-primary text-primary-foreground" : "hover:bg-accent"}`}
          >
            <NavIcon name={item.icon} className="size-4" />
            {item.label}
          </a>
        );
      })}
    </nav>
  );
  return (
    <div
      className={`bg-background text-foreground min-h-dvh ${blueprint.app.theme.mode === "dark" ? "dark" : ""}`}
      style={themeStyle(blueprint.app.theme) as React.CSSProperties}
    >
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link is an in-page link by convention; the handler only keeps the hash out of the app's address. */}
      <a
        href="#runtime-main"
        onClick={(e) => {
          // Focus moves with the skip, not only the scroll position; the address keeps its path.
          e.preventDefault();
          document.getElementById("runtime-main")?.focus();
        }}
        className="bg-primary text-primary-foreground sr-only z-30 rounded-md px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t.skipToContent}
      </a>
      <header className="bg-card sticky top-0 z-20 flex h-14 items-center gap-3 border-b px-4">
        <Button
          size="icon"
          variant="ghost"
          className="md:hidden"
          aria-label={menuOpen ? t.closeMenu : t.openMenu}
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((o) => !o)}
        >
          {menuOpen ? <XIcon /> : <MenuIcon />}
        </Button>
        <a
          href={homePath(blueprint, user.role, basePath)}
          onClick={(e) => {
            e.preventDefault();
            go(homePath(blueprint, user.role, basePath));
          }}
          className="flex min-w-0 items-center gap-2 font-semibold"
        >
          <span aria-hidden="true" className="bg-primary size-3 shrink-0 rounded-full" />
          <span className="truncate">{blueprint.app.name}</span>
        </a>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <span className="text-muted-foreground hidden truncate sm:inline" title={user.email}>
            {user.email} · {roleLabel}
          </span>
          <Button size="sm" variant="outline" onClick={onSignOut}>
            <LogOutIcon aria-hidden="true" />
            {t.signOut}
          </Button>
        </div>
      </header>
      {stopping && (
        <div role="alert" className="border-b border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <p className="font-medium">{t.stoppingTitle}</p>
          <p>{t.stoppingBody}</p>
        </div>
      )}
      <div className="mx-auto flex max-w-screen-2xl">
        <aside className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-56 shrink-0 overflow-y-auto border-r p-3 md:block">
          {nav}
        </aside>
        {menuOpen && (
          // Its own scroll area: a long menu on a short phone screen reaches its last entry.
          <div className="bg-card fixed inset-x-0 top-14 z-10 max-h-[calc(100dvh-3.5rem)] overflow-y-auto overscroll-contain border-b p-3 shadow-lg md:hidden">
            {nav}
          </div>
        )}
        <main id="runtime-main" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none sm:p-6">
          {match && pageVisible(blueprint, user.role, match.page) ? (
            <PageView key={`${match.page.id}:${match.params.id ?? ""}`} page={match.page} id={match.params.id} />
          ) : match ? (
            <EmptyState
              title="Not available to your role"
              description={`${roleLabel} cannot use this page. Ask the app's owner if you need it.`}
            />
          ) : (
            <EmptyState
              title="There is no page here"
              description={`Nothing in ${blueprint.app.name} lives at ${subPath}.`}
              action={
                <Button onClick={() => go(homePath(blueprint, user.role, basePath))}>Go to the start page</Button>
              }
            />
          )}
        </main>
      </div>
    </div>
  );
}
