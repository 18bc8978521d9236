import { describe, expect, it } from "vitest";
import { DEFAULT_IMPORT_LIMITS, ImportRefused, ImportSessions } from "./sessions.js";
import { type RowRefusal, writeImport } from "./write.js";

const owner = { appId: "app-1", userId: "user-1" };
const refusal: RowRefusal = { code: "23514", message: "violates check", details: null, hint: null };
const refusedWith = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportRefused) return { status: error.status, message: error.message };
  }
  return undefined;
};

describe("imports held until they commit", () => {
  it("bounds the rows of one import, the imports a member holds open, and how long one may idle", () => {
    let now = 0;
    const sessions = new ImportSessions(
      { maxRows: 3, maxBytes: 1024 * 1024, maxOpenPerMember: 2, maxHeldBytes: 10 * 1024 * 1024, idleMs: 1_000 },
      () => now,
    );
    const first = sessions.open(owner, "companies", "all");
    sessions.append(first.id, owner, [{ a: 1 }, { a: 2 }], 20);
    expect(refusedWith(() => sessions.append(first.id, owner, [{ a: 3 }, { a: 4 }], 20))).toEqual({
      status: 413,
      message: "One import may hold at most 3 rows and 1 MB; split the file and import it in parts.",
    });
    expect(refusedWith(() => sessions.append(first.id, owner, [{ a: 3 }], 2 * 1024 * 1024))?.status).toBe(413);
    sessions.open(owner, "companies", "all");
    expect(refusedWith(() => sessions.open(owner, "companies", "all"))?.status).toBe(429);
    expect(sessions.open({ ...owner, userId: "user-2" }, "companies", "all")).toBeDefined();
    now = 1_000;
    expect(refusedWith(() => sessions.take(first.id, owner))?.status).toBe(404);
    expect(sessions.open(owner, "companies", "all")).toBeDefined();
  });
});

describe("the write of an import", () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ n: i }));
  /** A writer whose database refuses rows 2 and 5 and whatever chunk holds them. */
  const writer = () => {
    const written: number[] = [];
    return {
      written,
      insert: async (chunk: Record<string, unknown>[]) => {
        if (chunk.some((r) => r.n === 2 || r.n === 5)) return refusal;
        written.push(...chunk.map((r) => r.n as number));
        return undefined;
      },
    };
  };

  it("stops at the first refused row in all-or-nothing mode", async () => {
    const w = writer();
    expect(await writeImport(rows, "all", 3, w)).toEqual({ inserted: 2, refused: [{ index: 2, refusal }] });
  });

  it("writes every other row in valid-rows mode, naming the refused ones", async () => {
    const w = writer();
    expect(await writeImport(rows, "valid", 3, w)).toEqual({
      inserted: 5,
      refused: [
        { index: 2, refusal },
        { index: 5, refusal },
      ],
    });
    expect(w.written).toEqual([0, 1, 3, 4, 6]);
  });

  it("finds a refused row among a thousand in a few dozen statements, not one per row", async () => {
    let statements = 0;
    const many = Array.from({ length: 1_000 }, (_, i) => ({ n: i }));
    const outcome = await writeImport(many, "valid", 1_000, {
      insert: async (chunk) => {
        statements += 1;
        return chunk.some((r) => r.n === 500) ? refusal : undefined;
      },
    });
    expect(outcome).toEqual({ inserted: 999, refused: [{ index: 500, refusal }] });
    expect(statements).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1_000)) + 1);
  });
});

describe("what all imports hold together", () => {
  it("is bounded across members, and freed when an import is taken", () => {
    const sessions = new ImportSessions({ ...DEFAULT_IMPORT_LIMITS, maxBytes: 100, maxHeldBytes: 150 });
    const mine = sessions.open(owner, "companies", "all");
    sessions.append(mine.id, owner, [{ a: 1 }], 100);
    const other = { ...owner, userId: "user-2" };
    const theirs = sessions.open(other, "companies", "all");
    expect(refusedWith(() => sessions.append(theirs.id, other, [{ a: 1 }], 100))).toEqual({
      status: 503,
      message: "The server is holding as many imports as it can right now; try again in a few minutes.",
    });
    sessions.take(mine.id, owner);
    expect(sessions.append(theirs.id, other, [{ a: 1 }], 100).rows).toHaveLength(1);
  });
});
