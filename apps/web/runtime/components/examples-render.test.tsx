/**
 * Every page of every example blueprint renders, for every role, with data shaped from
 * the blueprint: no error state, no console error, and each block shows content.
 */
import { screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { blockVisible, pageVisible } from "../config/refine-config";
import { loadExamples, renderRuntime } from "../testing/render-runtime";

const examples = loadExamples();
let consoleErrors: unknown[][] = [];

beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args) => {
    consoleErrors.push(args);
  });
});
afterEach(() => vi.restoreAllMocks());

describe.each(examples)("$name", ({ blueprint }) => {
  const cases = blueprint.ui.pages.flatMap((page) =>
    blueprint.security.roles
      .filter((role) => pageVisible(blueprint, role.name, page))
      .map((role) => ({ page, role: role.name })),
  );
  it.each(cases)("page $page.id renders for $role", async ({ page, role }) => {
    const table = page.blocks[0]!.table;
    const path = page.route.replace(":id", `00000000-0000-4000-8000-0001${table.length.toString(16).padStart(8, "0")}`);
    const { container } = renderRuntime(blueprint, { path, role });
    expect(await screen.findByRole("heading", { level: 1, name: page.title })).toBeInTheDocument();
    await waitFor(() => expect(container.querySelector("[aria-busy='true']")).toBeNull(), { timeout: 4000 });
    expect(screen.queryAllByRole("alert").map((a) => a.textContent)).toEqual([]);
    const usable = page.blocks.filter((block) => blockVisible(blueprint, role, block));
    for (const block of page.layout.type === "tabs" ? usable.slice(0, 1) : usable) {
      const card = container.querySelector(`[data-block="${block.id}"]`);
      expect(card, `block ${block.id}`).not.toBeNull();
      expect(card!.textContent?.trim().length ?? 0, `block ${block.id} shows something`).toBeGreaterThan(0);
    }
    for (const block of page.blocks.filter((b) => !usable.includes(b))) {
      expect(container.querySelector(`[data-block="${block.id}"]`), `block ${block.id} is left out`).toBeNull();
    }
    expect(consoleErrors.map((args) => String(args[0]).slice(0, 300))).toEqual([]);
  });
});
