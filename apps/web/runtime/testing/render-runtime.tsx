/** Renders the signed-in runtime for a blueprint at a path, with in-memory navigation and a fake data provider. */

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BlueprintV2, blockSchema, blueprintSchema } from "@plinth/blueprint";
import type { AuthProvider, DataProvider, LiveProvider } from "@refinedev/core";
import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useCallback, useState } from "react";
import type { z } from "zod";
import { Toaster } from "@/components/ui/sonner";
import { RuntimeApp } from "../components/runtime-app";
import type { RuntimeUser } from "../config/filters";
import type { AppServices } from "../data/app-services";
import type { AppMember } from "../data/runtime-api";
import { createFakeDataProvider } from "./fake-data-provider";
import { createFakeFileStorage, type FakeFileStorage } from "./fake-file-storage";

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "../../../../schemas/examples");

// The chart, kanban and calendar blocks load on demand (components/block-view.tsx). Loaded
// here once, a test waits for their first paint, not for compiling them on a busy machine.
await Promise.all([
  import("../blocks/chart-block"),
  import("../blocks/kanban-block"),
  import("../blocks/calendar-block"),
]);

/**
 * A copy of `blueprint` with one more page at `route` holding just `block`: how a test
 * shows one block alone. The block is written as a blueprint may write it, its defaults
 * left out; the page is called `title` in the navigation.
 */
export function withPage(
  blueprint: BlueprintV2,
  route: string,
  block: z.input<typeof blockSchema>,
  title = "Probe",
): BlueprintV2 {
  const copy = structuredClone(blueprint);
  // Named after its route, as the tests find it: "/probe" is page "probe", "/new-deal" is "new_deal".
  const id = route.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "");
  copy.ui.pages.push({ id, route, title, layout: { type: "single", config: {} }, blocks: [blockSchema.parse(block)] });
  return copy;
}

export function loadExamples(): { name: string; blueprint: BlueprintV2 }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ""),
      blueprint: blueprintSchema.parse(JSON.parse(readFileSync(join(EXAMPLES, f), "utf8"))),
    }));
}

export function loadExample(name: string): BlueprintV2 {
  const found = loadExamples().find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return found.blueprint;
}

const fakeAuth: AuthProvider = {
  login: async () => ({ success: true }),
  logout: async () => ({ success: true }),
  check: async () => ({ authenticated: true }),
  onError: async () => ({}),
};

interface HarnessProps {
  blueprint: BlueprintV2;
  user: RuntimeUser;
  initialPath: string;
  dataProvider: DataProvider;
  liveProvider?: LiveProvider;
  loadMembers?: () => Promise<AppMember[]>;
  fileStorage: FakeFileStorage;
  queryClient: QueryClient;
  history: string[];
  services?: AppServices;
}

function Harness({
  blueprint,
  user,
  initialPath,
  queryClient,
  history,
  fileStorage,
  services,
  ...providers
}: HarnessProps) {
  const basePath = `/apps/${blueprint.app.slug}`;
  const [subPath, setSubPath] = useState(initialPath);
  const navigate = useCallback(
    (to: string) => {
      history.push(to);
      setSubPath(to.startsWith(basePath) ? to.slice(basePath.length) || "/" : to);
    },
    [basePath, history],
  );
  return (
    <>
      <RuntimeApp
        blueprint={blueprint}
        user={user}
        basePath={basePath}
        subPath={subPath}
        navigate={navigate}
        dataProvider={providers.dataProvider}
        liveProvider={providers.liveProvider}
        loadMembers={providers.loadMembers}
        fileStorage={fileStorage}
        authProvider={fakeAuth}
        onSignOut={() => {}}
        queryClient={queryClient}
        services={services}
      />
      <Toaster />
    </>
  );
}

export function renderRuntime(
  blueprint: BlueprintV2,
  options: {
    path?: string;
    role?: string;
    dataProvider?: DataProvider;
    liveProvider?: LiveProvider;
    loadMembers?: () => Promise<AppMember[]>;
    user?: Partial<RuntimeUser>;
    services?: AppServices;
    /** The page's query string, e.g. a table's view after a reload. */
    url?: string;
  } = {},
) {
  const fake = createFakeDataProvider(blueprint);
  const dataProvider = options.dataProvider ?? fake.provider;
  const user: RuntimeUser = {
    id: "user-1",
    email: "owner@example.com",
    role: options.role ?? blueprint.security.roles[0]?.name ?? "",
    team_ids: [],
    ...options.user,
  };
  const history: string[] = [];
  const fileStorage = createFakeFileStorage();
  // Tables keep their view in the URL; each render starts from a clean one, as a fresh visit would.
  window.history.replaceState(null, "", `/${options.url ?? ""}`);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const utils = render(
    <Harness
      blueprint={blueprint}
      user={user}
      initialPath={options.path ?? "/"}
      dataProvider={dataProvider}
      liveProvider={options.liveProvider}
      loadMembers={options.loadMembers}
      fileStorage={fileStorage}
      queryClient={queryClient}
      history={history}
      services={options.services}
    />,
  );
  return {
    ...utils,
    user: userEvent.setup(),
    calls: fake.calls,
    files: fileStorage,
    tables: fake.tables,
    history,
    basePath: `/apps/${blueprint.app.slug}`,
  };
}
