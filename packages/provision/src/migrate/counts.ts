/**
 * Puts figures into a migration's consequences: how many rows lose a value, how many
 * existing rows get a default, how many rows stop a check, and — member by member —
 * how many rows each role stops or starts seeing. Counted on the live app before the
 * migration, read-only, each query in its own savepoint so one that cannot run yet
 * (a filter over a column the migration adds) leaves its words without figures.
 */
import { type Database, inTransaction } from "@plinth/db";
import type { Consequence } from "./consequences.js";
import type { MigrationPlan } from "./plan.js";

/** An app member as the counts see them: the claims their token would carry. */
export interface CountingMember {
  userId: string;
  role: string;
  teamIds: readonly string[];
}

/** The consequences' words with their figures, in the plan's order; uncountable ones keep their plain message. */
export async function countConsequences(
  db: Database,
  plan: MigrationPlan,
  members: CountingMember[],
): Promise<string[]> {
  return inTransaction(db, { statementTimeoutMs: 10_000, lockTimeoutMs: 2_000 }, async (client) => {
    const words: string[] = [];
    for (const consequence of plan.consequences) {
      const count = consequence.count;
      if (!count) {
        words.push(consequence.message);
        continue;
      }
      const figures: Record<string, number> = {};
      const ids: Record<string, Set<string>> = {};
      const runAs = count.perMemberOf ? members.filter((m) => m.role === count.perMemberOf) : [null];
      let counted = true;
      for (const member of runAs) {
        await client.query("savepoint plinth_count");
        try {
          await client.query("select set_config('request.jwt.claims', $1, true)", [
            JSON.stringify(member ? { sub: member.userId, role: member.role, team_ids: member.teamIds } : {}),
          ]);
          const { rows } = await client.query<Record<string, number | string[]>>(count.sql);
          for (const [key, value] of Object.entries(rows[0] ?? {})) {
            // Row ids are counted once however many members see them.
            if (Array.isArray(value)) {
              const seen = ids[key] ?? new Set<string>();
              for (const id of value) seen.add(id);
              ids[key] = seen;
            } else figures[key] = (figures[key] ?? 0) + Number(value);
          }
          await client.query("release savepoint plinth_count");
        } catch {
          await client.query("rollback to savepoint plinth_count");
          counted = false;
          break;
        }
      }
      for (const [key, set] of Object.entries(ids)) figures[key] = set.size;
      words.push(counted ? fill(consequence, figures, runAs.length) : consequence.message);
    }
    return words;
  });
}

function fill(consequence: Consequence, figures: Record<string, number>, members: number): string {
  const count = consequence.count;
  if (!count) return consequence.message;
  if (count.onlyWhenCounted && !figures.count) return "";
  if (count.perMemberOf && members === 0) {
    return `${consequence.message} No member has the ${count.roleLabel ?? count.perMemberOf} role yet, so nobody's access changes today.`;
  }
  return count.words
    .replace("{members}", members === 1 ? "1 member" : `${members} members`)
    .replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, (_, key: string, one?: string, many?: string) => {
      const n = figures[key] ?? 0;
      return one === undefined ? String(n) : (n === 1 ? one : (many ?? one)).replace("#", String(n));
    });
}
