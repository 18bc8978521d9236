/**
 * Which side of a relationship holds the foreign key. A blueprint may write a link
 * from either end (many_to_one from the child, one_to_many from the parent); everything
 * after this file speaks only of child → parent.
 */
import type { Relationship } from "../schema.js";

export interface ForeignKey {
  /** The child table, which holds the reference. */
  table: string;
  column: string;
  /** The parent table and the (unique) column it references. */
  refTable: string;
  refColumn: string;
  onDelete: Relationship["onDelete"];
  /** Index of the relationship in `data.relationships`, for problems and notices. */
  relationship: number;
}

export function foreignKeyOf(rel: Relationship, relationship: number): ForeignKey {
  return rel.type === "many_to_one"
    ? {
        table: rel.fromTable,
        column: rel.fromColumn,
        refTable: rel.toTable,
        refColumn: rel.toColumn,
        onDelete: rel.onDelete,
        relationship,
      }
    : {
        table: rel.toTable,
        column: rel.toColumn,
        refTable: rel.fromTable,
        refColumn: rel.fromColumn,
        onDelete: rel.onDelete,
        relationship,
      };
}

/** One foreign key per child column: a second relationship over the same column adds nothing (the verifier reports it). */
export function foreignKeysOf(relationships: readonly Relationship[]): ForeignKey[] {
  const keys: ForeignKey[] = [];
  relationships.forEach((rel, index) => {
    const fk = foreignKeyOf(rel, index);
    if (!keys.some((k) => k.table === fk.table && k.column === fk.column)) keys.push(fk);
  });
  return keys;
}
