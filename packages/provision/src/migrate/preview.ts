/**
 * The preview a founder reads before a migration runs: the SQL in the order it will
 * run, and what it means in plain words.
 */
import type { MigrationPlan } from "./plan.js";

export interface MigrationPreview {
  /** True when the running app already matches the new blueprint. */
  empty: boolean;
  /** Every statement in order, each after a comment saying what it does and how it is classified. */
  sql: string;
  /** Everything the migration changes for the app, its data and its users. */
  consequences: string[];
  /** What will be lost; the migration runs only when this is confirmed. */
  dataLoss: string[];
  /** Rules existing rows must already meet; a violating row stops the migration with a count. */
  checks: string[];
  /** Changes to who can see or change what; applying them needs the same confirmation as data loss. */
  access: string[];
}

/** `counted` is countConsequences' answer: the consequences with their figures, in the plan's order. */
export function previewMigration(plan: MigrationPlan, counted?: string[]): MigrationPreview {
  const words = plan.consequences.map((c, i) => counted?.[i] ?? c.message);
  // A consequence said only with its figures (values coming back from the archive) is left out without them.
  const of = (kind: string) => words.filter((w, i) => w && plan.consequences[i]?.kind === kind);
  const changes = plan.steps.filter((s) => !/^(set local role |reset role$)/.test(s.sql));
  return {
    empty: changes.length === 0,
    sql: plan.steps
      .map((s) => {
        const tag = s.classification === "safe" ? "" : ` [${s.classification}]`;
        const when = s.onlyWhenRunning ? " (only while the app is running)" : "";
        return `-- ${s.description}${tag}${when}\n${s.sql};`;
      })
      .join("\n\n"),
    consequences: words.filter(Boolean),
    dataLoss: of("data loss"),
    access: of("access"),
    checks: plan.steps.flatMap((s) => (s.check ? [`${s.description} Existing rows are checked first.`] : [])),
  };
}
