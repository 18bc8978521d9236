/// <reference lib="dom" />
/**
 * First render of an app page in a production build: the real API (in this process,
 * on a fresh database of the Postgres at DATABASE_URL) serving the CRM example with 50
 * deals, the web app built as `next build` builds it and served by `next start`, and
 * Debian's Chromium through playwright-core. Each sample opens the Deals page in a new
 * browser context (empty HTTP cache, the member already signed in, as a second tab
 * would be) and times, by the page's own clock from navigation start, until the first
 * block shows its rows. Warm samples reload the same page with the cache filled.
 *
 * Uses the same build folder as the e2e suite (`apps/web/.next-e2e`);
 * BENCH_REUSE_BUILD=1 skips building when it is current. Writes its metrics into
 * bench/results/runtime.json, next to the live-update metrics that file also holds.
 */
import { loadavg } from "node:os";
import { freePort, startTestPlinth } from "@plinth/api/testing";
import { provisionExample } from "@plinth/api/testing/apps";
import { chromium, type Page } from "playwright-core";
import { startWebApp, type WebApp } from "../e2e/support/web-app.js";
import { mergeBenchResult, percentile, round } from "./lib/results.js";

const COLD_SAMPLES = 15;
const WARM_SAMPLES = 15;
/** A row of the table holding a seeded deal's title: the app's data on screen, which no loading state shows. */
const FIRST_ROW = "main table tbody tr";
const DEAL_TITLE = "Deal ";

/** Milliseconds from navigation start until the first row is in the document, by the page's clock. */
async function firstRender(page: Page, go: () => Promise<unknown>): Promise<number> {
  await go();
  const handle = await page.waitForFunction(
    ([selector, title]) =>
      Array.from(document.querySelectorAll(selector as string)).some((row) =>
        row.textContent?.includes(title as string),
      )
        ? performance.now()
        : false,
    [FIRST_ROW, DEAL_TITLE],
    { polling: "raf", timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

const t = await startTestPlinth({ PLINTH_RUNTIME_RATE_LIMIT: "100000" });
let web: WebApp | undefined;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const app = await provisionExample(t, "crm");
  const deals = Array.from({ length: 50 }, (_, i) => ({
    title: `${DEAL_TITLE}${i + 1}`,
    amount: i * 10,
    stage: "lead",
  }));
  // As the owner through the data API, as the app itself would write them.
  const insert = async <T>(table: string, rows: unknown): Promise<T> => {
    const response = await fetch(`${t.url}/rest/v1/${table}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${app.owner.token}`,
        "content-profile": app.schema,
        "content-type": "application/json",
        prefer: "return=representation",
      },
      body: JSON.stringify(rows),
    });
    if (!response.ok) throw new Error(`seeding ${table} failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const company = await insert<{ id: string }[]>("companies", { name: "Acme", industry: "software" });
  await insert(
    "deals",
    deals.map((d) => ({ ...d, company_id: company[0]?.id })),
  );
  const signIn = await fetch(`${t.url}/api/runtime/${app.slug}/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: app.owner.email, password: app.owner.password }),
  });
  const session = await signIn.json();

  web = await startWebApp({ apiUrl: t.url, port: await freePort(), reuseBuild: process.env.BENCH_REUSE_BUILD === "1" });
  const webUrl = web.url;

  const pageUrl = `${webUrl}/apps/${app.slug}/deals`;
  const newTab = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(
      ([key, value]) => localStorage.setItem(key as string, value as string),
      [`plinth.runtime.${app.slug}`, JSON.stringify(session)],
    );
    return { context, page: await context.newPage() };
  };
  // One unmeasured visit: next start compiles nothing, but its first request warms its own caches.
  const warmup = await newTab();
  await firstRender(warmup.page, () => warmup.page.goto(pageUrl));
  await warmup.context.close();

  // Other work on the machine slows a page's first paint as much as anything here: say how busy it was.
  const loadBefore = loadavg()[0] ?? 0;
  const cold: number[] = [];
  const scriptKb: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const tab = await newTab();
    cold.push(await firstRender(tab.page, () => tab.page.goto(pageUrl)));
    // What the browser had to load and parse before the first row, whatever the machine's load.
    scriptKb.push(
      await tab.page.evaluate(
        () =>
          (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
            .filter((entry) => entry.initiatorType === "script" || entry.name.endsWith(".js"))
            .reduce((sum, entry) => sum + entry.decodedBodySize, 0) / 1024,
      ),
    );
    await tab.context.close();
  }
  const warm: number[] = [];
  const tab = await newTab();
  await firstRender(tab.page, () => tab.page.goto(pageUrl));
  for (let i = 0; i < WARM_SAMPLES; i++) warm.push(await firstRender(tab.page, () => tab.page.reload()));
  await tab.context.close();
  const loadAfter = loadavg()[0] ?? 0;

  const version = await t.plinth.database.pool.query<{ v: string }>("select current_setting('server_version') as v");
  mergeBenchResult("runtime", `PostgreSQL ${version.rows[0]?.v}`, {
    first_render_cold_p50_ms: { value: round(percentile(cold, 50), 0), unit: "ms" },
    first_render_cold_p95_ms: { value: round(percentile(cold, 95), 0), unit: "ms" },
    first_render_warm_p50_ms: { value: round(percentile(warm, 50), 0), unit: "ms" },
    first_render_warm_p95_ms: { value: round(percentile(warm, 95), 0), unit: "ms" },
    first_render_script_kb: { value: round(percentile(scriptKb, 50), 0), unit: "KB" },
    first_render_load_1m_before: { value: round(loadBefore), unit: "load" },
    first_render_load_1m_after: { value: round(loadAfter), unit: "load" },
  });
  console.table({
    cold: { p50: round(percentile(cold, 50), 0), p95: round(percentile(cold, 95), 0) },
    warm: { p50: round(percentile(warm, 50), 0), p95: round(percentile(warm, 95), 0) },
  });
  console.log(`load average (1 min): ${round(loadBefore)} before, ${round(loadAfter)} after`);
} finally {
  await browser.close();
  await web?.stop();
  await t.close();
}
