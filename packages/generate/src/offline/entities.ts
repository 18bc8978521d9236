/**
 * Entity extraction: which things the app keeps (tables), in the order the founder
 * names them, with any fields the founder lists for them.
 */
import { ENTITIES, type EntityKnowledge } from "./domain.js";
import { plural, safeIdentifier, singular, titleCase } from "./words.js";

export interface Entity {
  table: string;
  singular: string;
  label: string;
  knowledge: EntityKnowledge | null;
  /** Field phrases the founder listed ("with location, capacity and a photo"). */
  fields: string[];
  /** Tables the founder said this one belongs to ("tasks belong to projects"). */
  parents: string[];
  position: number;
}

interface Alias {
  phrase: string;
  pattern: RegExp;
  knowledge: EntityKnowledge;
}

const ALIASES: Alias[] = ENTITIES.flatMap((k) =>
  k.words.flatMap((w) =>
    [...new Set([w, plural(w)])].map((phrase) => ({
      phrase,
      pattern: new RegExp(`\\b${escapeRegExp(phrase)}\\b`, "g"),
      knowledge: k,
    })),
  ),
).sort((a, b) => b.phrase.length - a.phrase.length);

const CLAUSE_END =
  /\b(?:with|having|including|where|so that|so|who|which|that|while|but|whereas|then|because|by|on|in|at|from|to|per|plus|as well as)\b/;
const CUE_VERBS =
  "track|tracks|tracking|manage|manages|managing|organi[sz]e|log|logs|record|records|store|stores|catalog(?:ue)?|schedule|schedules|book|books|monitor|monitors|handle|handles|keep track of|keeps track of|inventory of|database of|directory of|list of|lists of|register of|overview of|their own|plus|as well as|also keep|also track|for our|for their|for";
/** A cue verb and the list after it, up to the next clause word (so "…, plus harvests" is its own cue). */
const CUE = new RegExp(`\\b(?:${CUE_VERBS})\\s+((?:(?!${CLAUSE_END.source})[^.;:!?\\n])+)`, "g");
const FIELD_LEAD =
  /\s+(?:with|having|including|that (?:have|has)|which (?:have|has)|containing|holding)\s+(?:a |an |the |their |its )?/;
const NOT_THINGS = new Set([
  "things",
  "stuff",
  "data",
  "information",
  "info",
  "everything",
  "anything",
  "records",
  "details",
  "everyone",
  "users",
  "people",
  "work",
  "time",
  "business",
  "businesses",
  "company's",
  "team's",
  "apps",
  "app",
  "tools",
  "processes",
  "operations",
  "needs",
  "us",
  "them",
  "it",
  "this",
  "that",
  "these",
  "those",
  "others",
  "ourselves",
  "yes",
  "lots",
  "kinds",
  "types",
  "sorts",
  "ways",
  "basics",
  "ones",
  "its",
  "his",
  "hers",
  "theirs",
  "status",
  "progress",
  "access",
  "rules",
  "sql",
  "tables",
  "table",
  "columns",
  "instructions",
  "prompt",
  "system",
]);
const DETERMINERS =
  /^(?:our|the|all|my|their|its|your|a|an|some|of|different|various|multiple|many|new|any|each|every|upcoming|current|daily|weekly|monthly|small|internal)\s+/;

export function extractEntities(text: string, roleWords: ReadonlySet<string>): Entity[] {
  const found = new Map<string, Entity>();
  const taken: [number, number][] = [];
  const overlaps = (start: number, end: number) => taken.some(([s, e]) => start < e && end > s);
  // "sales reps" names a role, not sales.
  for (const word of roleWords) {
    if (!word.includes(" ")) continue;
    for (const match of text.matchAll(new RegExp(`\\b${escapeRegExp(word)}\\b`, "g"))) {
      taken.push([match.index ?? 0, (match.index ?? 0) + word.length]);
    }
  }

  for (const alias of ALIASES) {
    if (!text.includes(alias.phrase)) continue;
    for (const match of text.matchAll(alias.pattern)) {
      const start = match.index ?? 0;
      const end = start + alias.phrase.length;
      if (overlaps(start, end)) continue;
      taken.push([start, end]);
      // "beehives with location and a photo": a singular thing after "with" is a field, not a table.
      const before = sentenceBefore(text, start);
      if (
        alias.phrase === singular(alias.phrase) &&
        /\b(?:with|has|have|having|including)\b/.test(before) &&
        /\b(?:a|an)\s$/.test(before)
      ) {
        continue;
      }
      // "We are a construction company" describes the founder's business, not a record.
      if (
        /\b(?:we are|we're|i am|i'm|i run|we run|for my|for our) (?:a |an |the )?[\w -]{0,30}$/.test(
          sentenceBefore(text, start),
        )
      )
        continue;
      // A word that names a role ("customers see their tickets") is a table only when the founder tracks it.
      if (roleWords.has(alias.phrase) || roleWords.has(singular(alias.phrase))) {
        if (!inCueList(text, start)) continue;
      }
      add(found, alias.knowledge.table, alias.knowledge, start);
    }
  }

  for (const match of text.matchAll(CUE)) {
    const segment = match[1] ?? "";
    const segmentStart = (match.index ?? 0) + match[0].length - (match[1] ?? "").length;
    for (const raw of segment.split(/,|\band\b|\bor\b|&|\//)) {
      const item = raw.trim().replace(DETERMINERS, "").replace(DETERMINERS, "").trim();
      const words = item.split(" ").filter(Boolean);
      if (words.length === 0 || words.length > 3) continue;
      const last = words.at(-1) ?? "";
      const position = segmentStart + segment.indexOf(item);
      if (overlaps(position, position + item.length)) continue;
      if (!/^[a-z][a-z-]*s$/.test(last) || /(ss|us|is)$/.test(last) || last.length < 4) continue;
      if (NOT_THINGS.has(last) || roleWords.has(last) || roleWords.has(singular(last))) continue;
      const phrase = words.slice(-2).join(" ");
      const table = safeIdentifier(phrase, 18);
      if (!table || found.has(table)) continue;
      taken.push([position, position + item.length]);
      add(found, table, null, position, phrase);
    }
  }

  const entities = [...found.values()].sort((a, b) => a.position - b.position);
  for (const entity of entities) {
    entity.fields = fieldPhrases(text, entity);
    entity.parents = statedParents(text, entity, entities);
  }
  return entities;
}

function add(
  found: Map<string, Entity>,
  table: string,
  knowledge: EntityKnowledge | null,
  position: number,
  phrase?: string,
) {
  const existing = found.get(table);
  if (existing) {
    existing.position = Math.min(existing.position, position);
    return;
  }
  const one = knowledge ? singular(knowledge.table) : singular(phrase ?? table);
  found.set(table, {
    table,
    singular: safeIdentifier(one, 18) ?? table,
    label: knowledge?.label ?? titleCase(phrase ?? table),
    knowledge,
    fields: [],
    parents: [],
    position,
  });
}

function sentenceBefore(text: string, position: number): string {
  return (
    text
      .slice(Math.max(0, position - 80), position)
      .split(/[.;:!?\n]/)
      .at(-1) ?? ""
  );
}

function inCueList(text: string, position: number): boolean {
  const before = text.slice(Math.max(0, position - 80), position);
  const sentence = before.split(/[.;!?\n]/).at(-1) ?? "";
  return (
    /[:,]/.test(sentence) ||
    /\b(?:track|manage|organi[sz]e|log|record|store|keep track of|list of|database of|directory of|with|and|plus)\b/.test(
      sentence,
    )
  );
}

function formsOf(entity: Entity): string[] {
  const words = entity.knowledge?.words ?? [entity.label.toLowerCase()];
  return [...new Set(words.flatMap((w) => [w, plural(w), singular(w)]))].sort((a, b) => b.length - a.length);
}

/** "beehives with location, queen age and a photo", "each beehive has a location", "beehives (location, age)". */
function fieldPhrases(text: string, entity: Entity): string[] {
  const forms = formsOf(entity).map(escapeRegExp).join("|");
  const patterns = [
    new RegExp(`\\b(?:${forms})${FIELD_LEAD.source}([^.;!?\\n()]+)`, "g"),
    new RegExp(
      `\\beach (?:${forms}) (?:has|have|gets|needs|should have|includes|records|stores) (?:a |an |the |its )?([^.;!?\\n()]+)`,
      "g",
    ),
    new RegExp(`\\b(?:${forms}) ?\\(([^)]+)\\)`, "g"),
  ];
  const phrases: string[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const clause =
        (match[1] ?? "").split(/\b(?:where|so that|so|who|which|while|but|whereas|then|because)\b/)[0] ?? "";
      for (const raw of clause.split(/,|\band\b|&|\//)) {
        // "…, equipment with condition" starts the next thing's fields: stop here.
        if (/\bwith\b/.test(raw)) break;
        const item = raw
          .trim()
          .replace(DETERMINERS, "")
          .replace(/^(?:a|an|the|its|their|optional|required) /, "")
          .trim();
        const words = item.split(" ").filter(Boolean);
        if (words.length === 0 || words.length > 3) continue;
        if (/\b(?:see|sees|can|may|should|must|only|own|are|is|get|gets)\b/.test(item)) continue;
        phrases.push(item);
      }
    }
  }
  return [...new Set(phrases)];
}

/** "tasks belong to projects", "each project has many tasks", "tasks for each project", "projects with tasks". */
function statedParents(text: string, entity: Entity, all: Entity[]): string[] {
  const mine = formsOf(entity).map(escapeRegExp).join("|");
  const parents: string[] = [];
  for (const other of all) {
    if (other === entity) continue;
    const theirs = formsOf(other).map(escapeRegExp).join("|");
    const patterns = [
      `\\b(?:${mine}) (?:belong|belongs|are linked|is linked|are attached|is attached) to (?:a |an |the |one )?(?:${theirs})\\b`,
      `\\b(?:each|every|a|an) (?:${theirs}) (?:has|have|can have|contains|holds) (?:many|several|multiple|its own|their own|some)? ?(?:${mine})\\b`,
      `\\b(?:${mine}) (?:for|per|of|in|under|within) (?:each|every|a|an|the) (?:${theirs})\\b`,
      `\\b(?:${theirs})${FIELD_LEAD.source}(?:[a-z ]+, )*(?:${mine})\\b`,
    ];
    if (patterns.some((p) => new RegExp(p).test(text))) parents.push(other.table);
  }
  return parents;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
