/**
 * Notices: consequences of a valid blueprint a founder may not have meant, said in
 * words. Unlike a problem, a notice asks for no repair; the verifier returns them
 * apart from its problems and the summary repeats them.
 */
import type { BlueprintV2 } from "../schema.js";
import type { Access } from "./access.js";
import type { ForeignKey } from "./foreign-keys.js";

export interface Notice {
  /** JSON pointer to what the notice is about. */
  path: string;
  code: "scoped_through_parent";
  message: string;
  hint: string;
}

export interface Resolution {
  blueprint: BlueprintV2;
  access: Access[];
}

export function collectNotices({ blueprint, access }: Resolution): Notice[] {
  const tableLabel = (name: string) => blueprint.data.tables.find((t) => t.name === name)?.label ?? name;
  const roleLabel = (name: string) => blueprint.security.roles.find((r) => r.name === name)?.label ?? name;
  const notices: Notice[] = [];
  for (const a of access) {
    if (!a.select) continue;
    for (const fk of a.parents) notices.push(scopedThroughParent(a, fk, roleLabel(a.role), tableLabel));
  }
  return notices;
}

function scopedThroughParent(
  access: Access,
  fk: ForeignKey,
  role: string,
  tableLabel: (name: string) => string,
): Notice {
  const [child, parent] = [tableLabel(fk.table), tableLabel(fk.refTable)];
  return {
    path: `/data/relationships/${fk.relationship}`,
    code: "scoped_through_parent",
    message: `${role} sees a row of ${child} only while they can see the ${parent} row it belongs to (through ${fk.column}), because they see only some ${parent}.`,
    hint: `Nothing to do if that is what you want. For ${role} to see every row of ${child}, give them every row of ${parent}, or drop the link from ${access.table}.${fk.column}.`,
  };
}
