/**
 * Offline refine: applies the common changes a founder asks for in words, without a
 * model — fields, tables, choices, rules, roles, who may do what, which rows a role
 * sees, pages and blocks, theme — several in one instruction. Each clause is applied to
 * a draft and kept only when it worked; a clause it cannot apply is listed with the
 * reason and the nearest change it can make.
 */
import type { BlueprintV2, BlueprintV2Input } from "@plinth/blueprint";
import { addReadOnlyRole, changeGrants, readOnlyRole, removeRole, renameRole } from "./refine/access-edits.js";
import { addRole, addTable, addField as inferredField } from "./refine/additions.js";
import { addChoiceField, changeChoices } from "./refine/choices.js";
import { fieldFlags, fieldRules, removeField, renameField, retypeField } from "./refine/field-edits.js";
import { toEnglish } from "./refine/lang.js";
import { changeScope, columnWriteRule } from "./refine/scopes.js";
import { removeTable, renameTable } from "./refine/table-edits.js";
import { applied, type Blueprint, type Edit, type Outcome } from "./refine/types.js";
import { addBlock, changeTheme, movePage, removeUi } from "./refine/ui-edits.js";
import { normalize } from "./words.js";

export interface OfflineRefinement {
  blueprint: BlueprintV2Input;
  /** What was changed, in plain words. */
  applied: string[];
  /** The parts of the instruction it could not apply, each with the reason and the nearest change it can make. */
  notApplied: string[];
}

const fromText =
  (edit: (bp: BlueprintV2, clause: string) => string | null): Edit =>
  (bp, clause) => {
    const done = edit(bp, clause);
    return done ? applied(done) : null;
  };

const UI_WORDS = /\b(?:page|chart|graph|board|block|card|calendar|gallery|timeline|tree|form|menu)\b/;

/** Tried in order; the first that recognises the clause decides it. Specific edits come before general ones. */
const EDITS: Edit[] = [
  changeTheme,
  (bp, c) => (UI_WORDS.test(c) ? removeUi(bp, c) : null),
  movePage,
  addBlock,
  changeChoices,
  addChoiceField,
  removeRole,
  renameRole,
  addReadOnlyRole,
  readOnlyRole,
  (bp, c) => (/\btable\b/.test(c) ? renameTable(bp, c) : null),
  renameField,
  renameTable,
  removeField,
  removeTable,
  fieldFlags,
  fieldRules,
  retypeField,
  changeScope,
  columnWriteRule,
  changeGrants,
  fromText(inferredField),
  fromText(addRole),
  fromText(addTable),
];

const VERBS =
  "add|remove|delete|drop|rename|call|make|change|set|put|show|use|switch|let|allow|only|move|give|turn|convert|include|create|elimina|quita|borra|añade|agrega|haz|renombra|supprime|ajoute|rends|renomme|entferne|lösche|füge|mache|benenne|remova|adicione|torne|renomeie";

/** "remove the phone field and make email required, then add a board of tickets by status." */
export function splitClauses(instruction: string): string[] {
  return normalize(instruction)
    .split(
      /[.;\n]+|,?\s+then\s+|,\s*(?=(?:and\s+)?(?:also\s+)?(?:add|remove|delete|rename|make|change|set|put|use|switch|let|allow|only|move)\b)/,
    )
    .flatMap((c) => c.split(new RegExp(String.raw`\s+(?:and|y|et|und|e)\s+(?:also\s+)?(?=(?:${VERBS})\b)`)))
    .map((c) =>
      c
        .trim()
        .replace(/^(?:also|and|please)\s+/, "")
        .replace(/[,!:]+$/, ""),
    )
    .filter(Boolean);
}

export function refineOffline(current: BlueprintV2, instruction: string): OfflineRefinement {
  let bp = structuredClone(current) as Blueprint;
  const done: string[] = [];
  const notApplied: string[] = [];
  for (const clause of splitClauses(instruction)) {
    const english = toEnglish(clause);
    let outcome: Outcome = null;
    for (const edit of EDITS) {
      const draft = structuredClone(bp);
      outcome = edit(draft, english);
      if (!outcome) continue;
      if ("applied" in outcome) bp = draft;
      break;
    }
    if (outcome && "applied" in outcome) done.push(outcome.applied);
    else notApplied.push(`"${clause}": ${outcome ? outcome.refused : NOT_UNDERSTOOD}`);
  }
  return { blueprint: bp, applied: done, notApplied };
}

const NOT_UNDERSTOOD =
  'the offline planner did not recognise this change. It understands, for example: "add a due date to tasks", "remove the phone field from contacts", "rename status of tickets to stage", "make priority required", "set the choices of priority to low, high", "price must be at least 0", "only admins can delete tickets", "agents see only tickets assigned to them", "add a board of tickets by status", "use dark mode". Rephrase it like one of these, or pick a model.';
