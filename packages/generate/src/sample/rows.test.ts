import { describe, expect, it } from "vitest";
import { planOffline } from "../index.js";
import { sampleData } from "./rows.js";

function app(prompt: string) {
  const result = planOffline(prompt);
  if (!result.ok) throw new Error(result.reason);
  return result.blueprint;
}

const today = new Date("2026-11-30T10:00:00Z");
const walking = app("a dog-walking business: clients, dogs, walks and walkers; walkers see only their own walks");

describe("sample data", () => {
  const data = sampleData(walking, {
    today,
    ownerId: "00000000-0000-4000-8000-000000000001",
    people: { walker: ["00000000-0000-4000-8000-0000000000a1", "00000000-0000-4000-8000-0000000000a2"] },
  });
  const rows = (table: string) => data.find((d) => d.table === table)?.rows ?? [];

  it("fills every table, parents before children", () => {
    expect(data.map((d) => d.table).sort()).toEqual(["clients", "dogs", "walkers", "walks"]);
    for (const d of data) expect(d.rows.length).toBeGreaterThan(0);
    expect(data.findIndex((d) => d.table === "clients")).toBeLessThan(data.findIndex((d) => d.table === "dogs"));
  });

  it("links each dog to one of the sample clients", () => {
    const clients = new Set(rows("clients").map((r) => r.id));
    for (const dog of rows("dogs")) expect(clients.has(dog.client_id as string)).toBe(true);
  });

  it("gives every walker some walks, and the owner some too", () => {
    const walkers = rows("walks").map((r) => r.walker_id);
    expect(walkers).toContain("00000000-0000-4000-8000-0000000000a1");
    expect(walkers).toContain("00000000-0000-4000-8000-0000000000a2");
    expect(walkers).toContain("00000000-0000-4000-8000-000000000001");
  });

  it("spreads dates around today and keeps choices to their lists", () => {
    for (const walk of rows("walks")) {
      const days = (Date.parse(walk.date as string) - today.getTime()) / 86_400_000;
      expect(Math.abs(days)).toBeLessThan(60);
    }
    const shop = app("Track orders with a status of new, packed, shipped or delivered");
    const orders = sampleData(shop, { today, ownerId: "00000000-0000-4000-8000-000000000001", people: {} })[0];
    expect(new Set(orders?.rows.map((r) => r.status))).toEqual(new Set(["new", "packed", "shipped", "delivered"]));
    expect(orders?.rows.every((r) => typeof r.total === "number" && (r.total as number) >= 0)).toBe(true);
  });

  it("is the same for the same seed", () => {
    const again = sampleData(walking, { today, ownerId: "00000000-0000-4000-8000-000000000001", people: {} });
    const once = sampleData(walking, { today, ownerId: "00000000-0000-4000-8000-000000000001", people: {} });
    expect(again).toEqual(once);
  });

  it("writes names in the app's language", () => {
    const spanish = app("Una clínica: pacientes, citas y facturas");
    expect(spanish.app.locale).toBe("es-ES");
    const patients = sampleData(spanish, { today, ownerId: "00000000-0000-4000-8000-000000000001", people: {} });
    expect(patients.find((d) => d.table === "patients")?.rows[0]?.full_name).toMatch(/\p{L}+ \p{L}+/u);
  });
});
