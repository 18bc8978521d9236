/**
 * Reading a prompt as language: the things it names (lists, objects of verbs,
 * possessives), how they relate ("X with Y", "Y of X", "X's Y", "assign X to Y",
 * "students enrol in courses"), the people who use the app (subjects of access
 * sentences) and the access they are given, and the choice lists it spells out.
 * The input is the normalised English text (`readable`); inflection comes from
 * `inflect.ts`, field knowledge from `domain.ts`.
 */

import { toIdentifier } from "@plinth/blueprint";
import { ENTITIES, type EntityKnowledge } from "./domain.js";
import { isPlural, pluralOf, singularOf, wordKind } from "./inflect.js";
import { safeIdentifier, titleCase } from "./words.js";

export interface Thing {
  /** The singular English phrase ("plant batch"). */
  phrase: string;
  table: string;
  singular: string;
  label: string;
  knowledge: EntityKnowledge | null;
  position: number;
  /** Field phrases the founder listed for it ("with location, capacity and a photo"). */
  fields: string[];
}

export interface Link {
  /** The table holding the reference (many). */
  child: string;
  /** The table referenced (one). */
  parent: string;
}

export interface Junction {
  left: string;
  right: string;
}

export interface Role {
  name: string;
  label: string;
  privileged: boolean;
  readOnly: boolean;
  position: number;
}

export type RuleKind =
  /** rows whose person column is the user ("their own", "assigned to them"); `created` uses created_by */
  | "person"
  /** rows whose team column is one of the user's teams ("each department sees its own budgets") */
  | "team"
  /** the role may only look at these tables */
  | "readOnly"
  /** the role may not set these columns ("cannot change the price") */
  | "readOnlyColumn"
  /** only these roles may approve ("only managers approve expenses") */
  | "approve"
  /** only these roles may delete */
  | "delete"
  /** the role has no access to these tables */
  | "noAccess";

export interface Rule {
  kind: RuleKind;
  /** Role names; empty means every role that is not privileged. */
  roles: string[];
  tables: string[];
  /** person: "created" for created_by, else the person column's role word; team: the team word; readOnlyColumn: the field phrase. */
  word?: string;
  /** person rules on a possessive chain ("their own pupils' lessons"): the table the person column is on. */
  through?: string;
  clause: string;
}

export interface Choice {
  table: string;
  column: string;
  values: string[];
}

export interface Reading {
  things: Thing[];
  links: Link[];
  junctions: Junction[];
  roles: Role[];
  rules: Rule[];
  choices: Choice[];
}

/** Words that never name a record of their own. */
const NOT_THINGS = new Set(
  "things stuff data information info everything anything records details everyone users people work time business businesses apps app tools processes operations needs us them it this that these those others lots kinds types sorts ways basics ones its his hers theirs status progress access rules tables columns instructions prompts systems rights permissions ours yours mine bypassrls superusers privileges schemas sql".split(
    " ",
  ),
);
/** Words that are things only among other things ("bikes, repairs, parts and customers"), not alone. */
const NOT_ALONE = new Set(
  "changes edits updates views pages screens features parts lists sets options settings numbers names emails phones dates values forms sections means words days weeks months years minutes times".split(
    " ",
  ),
);
/** Nouns that name the app itself ("a reservations book", "an orders tracker"): their modifier is the thing. */
const CONTAINERS =
  /^(?:app|application|tracker|system|book|register|database|list|portal|platform|tool|manager|log|crm|dashboard|planner|organizer|organiser|catalog|catalogue|directory|diary|spreadsheet|hub|site|website)$/;
const DETERMINER =
  /^(?:and|or|plus|also|then|those|these|les|la|le|los|las|el|des|du|de|die|der|das|den|dem|seine|seinen|ihre|ihren|os|as|do|da|dos|sus|su|leurs|leur|ses|son|sa|our|the|all|my|their|its|your|a|an|some|of|different|various|multiple|many|several|new|any|each|every|upcoming|current|daily|weekly|monthly|yearly|small|internal|own|only|also|just|other|both|simple|basic|incoming|outgoing|past|future|open|active|recent|customer's|client's)\s+/;
const LIST_SPLIT = /,|\band\b|\bor\b|&|\/|\bplus\b|\bas well as\b|\balong with\b/;
const CUT =
  /\b(?:for|of|with|per|in|at|on|to|from|by|as|due|needed|required|left|that|who|which|where|when|while|so|but|see|sees|can|may|must|should|will|are|is|have|has|get|gets|need|needs|belong|belongs|assigned|including|like|such|via|into|across|between|through|under|over)\b/;
const CUT_ANY = new RegExp(CUT.source, "g");
/** Verbs before a list's first item ("customers submit tickets, …"): the item starts after them. */
const VERB_ANY =
  /\b(?:assign|assigns|grade|grades|track|tracks|manage|manages|organi[sz]e|log|logs|record|records|store|stores|keep|keeps|schedule|schedules|monitor|monitors|handle|handles|submit|submits|see|sees|view|views|approve|approves|book|books|sell|sells|buy|buys|rent|rents|run|runs|plan|plans|create|creates|add|adds|edit|edits|file|files|send|sends|write|writes|teach|teaches|need|needs|want|wants|hold|holds|list|lists|cover|covers|includes?|including|having|has|have|about)\b/g;
const CUE =
  /\b(?:track|tracks|tracking|manage|manages|managing|organi[sz]e|organi[sz]es|log|logs|logging|record|records|recording|store|stores|storing|keep|keeps|keeping|schedule|schedules|scheduling|monitor|monitors|handle|handles|plan|plans|run|runs|holds?|covering|covers|lists?|catalog(?:ue)?s?|including|includes|involving|about|of|with|has|have|needs?|wants?|plus)\s+/g;

const KNOWLEDGE = new Map<string, EntityKnowledge>();
for (const k of ENTITIES) for (const w of k.words) if (!KNOWLEDGE.has(w)) KNOWLEDGE.set(w, k);

/** What a phrase names: the knowledge for the whole phrase or its head word. */
function knowledgeFor(phrase: string): EntityKnowledge | null {
  const one = singularOf(phrase);
  const head = one.split(" ").at(-1) ?? one;
  return KNOWLEDGE.get(one) ?? KNOWLEDGE.get(head) ?? null;
}

const KNOWN_PLURALS = new Set(
  ENTITIES.flatMap((k) => k.words.filter((w) => !w.includes(" ")).map((w) => pluralOf(w))).concat(["equipment"]),
);

interface Candidate {
  phrase: string;
  position: number;
  /** From a list of things (a role word in a list is a table too). */
  listed: boolean;
  /** One of several items: a singular thing the knowledge knows ("maintenance") counts too. */
  inList?: boolean;
}

/** Reads the prompt (normalised English) into things, links, roles, rules and choices. */
export function readPrompt(written: string, roleWords: RoleLexicon): Reading {
  const spans = choiceSpans(written, (word) => KNOWN_PLURALS.has(word) || isPlural(word));
  const text = withoutChoices(written, spans);
  const roles = readRoles(text, roleWords);
  const roleNames = new Set(roles.map((r) => r.name));
  const candidates = [
    ...listItems(text),
    ...verbObjects(text),
    ...knownMentions(text, roleWords),
    ...possessives(text),
    ...prepositionObjects(text),
  ];
  const things: Thing[] = [];
  for (const c of candidates.sort((a, b) => a.position - b.position)) {
    const phrase = cleanPhrase(c.phrase, c.inList === true);
    if (!phrase) continue;
    const words = phrase.split(" ");
    const head = words.at(-1) ?? "";
    if (words.length === 1 && (NOT_THINGS.has(head) || (NOT_ALONE.has(head) && !c.inList))) continue;
    if (head.length < 3) continue;
    const one = singularOf(phrase);
    // A person named outside a list ("walkers see…") is a role, not a table.
    if (!c.listed && (roleNames.has(roleName(one, roleWords)) || roleNames.has(roleName(singularOf(head), roleWords))))
      continue;
    const existing = things.find((t) => t.phrase === one || t.phrase.endsWith(` ${one}`));
    if (existing) continue;
    // "plant batches" then "batches": the longer phrase already names it.
    const knowledge = knowledgeFor(one);
    const uncounted = !isPlural(head) && knowledge && !KNOWN_PLURALS.has(head);
    // The founder's own plural ("chamados", "people"), else the planner's.
    const many = isPlural(head) ? phrase : pluralOf(one);
    const table = uncounted ? knowledge.table : safeIdentifier(many.replaceAll("-", " "), 40);
    if (!table || things.some((t) => t.table === table)) continue;
    things.push({
      phrase: one,
      table,
      // Only ever used with a suffix ("grant_id"), so a reserved word alone ("grant") is fine here.
      singular: toIdentifier(one).slice(0, 40) || table,
      label: uncounted ? knowledge.label : titleCase(many),
      knowledge,
      position: c.position,
      fields: [],
    });
  }
  for (const thing of things) thing.fields = fieldPhrases(text, thing, things);
  const junctions = readJunctions(text, things);
  const links = readLinks(text, things).filter(
    (l) =>
      !junctions.some(
        (j) => (j.left === l.child && j.right === l.parent) || (j.left === l.parent && j.right === l.child),
      ),
  );
  const rules = readRules(text, roles, things, links, roleWords);
  const choices = readChoices(written, spans, things);
  return { things, links, junctions, roles, rules, choices };
}

/** Verbs founders put before a list's items ("assign trucks", "book deliveries", "grade assignments"). */
const LEADING_VERB =
  /^(?:assign|book|grade|track|log|manage|schedule|record|add|create|plan|sell|buy|rent|teach|run|keep|store|handle|organi[sz]e|send|issue|approve|submit|review|see|view|edit|enter|file|sign|take|make|give|write|publish|upload|monitor)$/;

function startsWithVerb(phrase: string): boolean {
  return LEADING_VERB.test(phrase.split(" ")[0] ?? "");
}

function cleanPhrase(raw: string, inList = false): string {
  let item = raw.trim().replace(/^[('"]+|[)'"]+$/g, "");
  for (let i = 0; i < 4; i++) item = item.replace(DETERMINER, "");
  const cut = item.search(CUT);
  if (cut === 0) return "";
  if (cut > 0) item = item.slice(0, cut).trim();
  const words = item.split(" ").filter(Boolean);
  // "assign trucks", "grade assignments": a leading verb is not part of the thing's name.
  if (words.length > 1 && startsWithVerb(words.join(" "))) words.shift();
  if (words.length === 0 || words.length > 3) return "";
  if (!words.every((w) => /^[a-z][a-z-]*$/.test(w))) return "";
  // The app itself: "a reservations book" keeps reservations.
  while (words.length > 1 && CONTAINERS.test(words.at(-1) ?? "")) words.pop();
  if (words.length === 1 && CONTAINERS.test(words[0] ?? "")) return "";
  const head = words.at(-1) ?? "";
  if (!isPlural(head) && !KNOWN_PLURALS.has(head) && !(inList && KNOWLEDGE.has(words.slice(-2).join(" ")))) {
    if (!(inList && KNOWLEDGE.has(head))) return "";
  }
  return words.slice(-2).join(" ");
}

/** Items of lists: after a colon, after a verb like "track", after "with", or a sentence that is only a list. */
function listItems(text: string): Candidate[] {
  const found: Candidate[] = [];
  let offset = 0;
  for (const sentence of text.split(/(?<=[.;!?\n])/)) {
    // Before a colon is the app's own name ("Church volunteers app: events, …"), not a list.
    const colon = sentence.indexOf(":");
    const starts = new Set<number>(colon >= 0 ? [colon + 1] : [0]);
    for (const m of sentence.matchAll(CUE)) starts.add((m.index ?? 0) + m[0].length);
    for (const start of starts) {
      const whole =
        sentence.slice(start).split(/[.;:!?\n]|\b(?:who|which|where|so that|but|while|whereas|because|when|if)\b/)[0] ??
        "";
      // A list ends where people start doing things ("walkers and dispatchers see…": those are people, not records).
      const verb = whole.search(LIST_END);
      // "walkers and dispatchers see everything": the items are people acting, not records; "…verwalten" (manage) ends a list.
      const subjects =
        verb >= 0 &&
        !/^(?:manage|manages|access|accesses|create|creates|handle|handles|need|needs|want|wants)\b/.test(
          whole.slice(verb),
        );
      // "(name, client, budget)" lists a thing's fields, not things.
      const region = (verb > 0 ? whole.slice(0, verb) : whole).replace(/\([^)]*\)?/g, (m) => " ".repeat(m.length));
      const items = region.split(LIST_SPLIT);
      const fieldsCue = /\b(?:with|has|have|having|including|includes)\s+$/.test(sentence.slice(0, start));
      let at = offset + start;
      let afterWith = fieldsCue;
      for (const [i, item] of items.entries()) {
        // The first item may carry the words before the list ("a nursery with greenhouses"): keep its tail.
        // The first item may carry a verb before the list ("customers submit tickets, …").
        const phrase = i === 0 ? ((item.split(CUT_ANY)[0] ?? item).split(VERB_ANY).at(-1) ?? item) : item;
        found.push({
          phrase,
          position: at + Math.max(0, item.indexOf(phrase.trim())),
          listed: !subjects && (start > 0 || items.length > 1),
          inList: !subjects && !afterWith && items.length > 2 && !/^\s*(?:a|an)\s/.test(item),
        });
        // "beehives with location, age and a photo": after "with", singular items are fields.
        if (/\b(?:with|having|including)\b/.test(item)) afterWith = true;
        at += item.length + 1;
      }
    }
    offset += sentence.length;
  }
  return found;
}

const OBJECT_VERBS =
  /\b(?:see|sees|view|views|edit|edits|create|creates|submit|submits|approve|approves|record|records|log|logs|book|books|schedule|schedules|track|tracks|manage|manages|handle|handles|enter|enters|add|adds|file|files|request|requests|review|reviews|upload|uploads|assign|assigns|update|updates|delete|deletes|own|owns|sell|sells|buy|buys|rent|rents|order|orders|write|writes|publish|publishes|teach|teaches|attend|attends|run|runs|place|places|make|makes|send|sends|issue|issues|sign|signs|complete|completes|plan|plans|organi[sz]e|organi[sz]es|lead|leads|take|takes|give|gives)\s+((?:(?:only|all|the|their|his|her|its|own|new|any|of|every|each|some|our|your)\s+)*)([a-z-]+(?: [a-z-]+)?)/g;

function verbObjects(text: string): Candidate[] {
  return [...text.matchAll(OBJECT_VERBS)].map((m) => ({
    phrase: m[2] ?? "",
    position: (m.index ?? 0) + m[0].length - (m[2] ?? "").length,
    listed: false,
  }));
}

/** Things the domain knowledge knows, named anywhere in plural ("…and it sends invoices"). */
function knownMentions(text: string, lexicon: RoleLexicon): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(/\b[a-z-]+\b/g)) {
    const last = m[0];
    if (!KNOWN_PLURALS.has(last) || last === "equipment" || last === "staff" || last === "inventory") continue;
    const before = text.slice(Math.max(0, (m.index ?? 0) - 40), m.index ?? 0);
    // "sales reps", "support tickets": a modifier of the next noun, not a thing.
    const next = /^ ([a-z-]+)/.exec(text.slice((m.index ?? 0) + last.length))?.[1];
    if (
      next &&
      (isPlural(next) ||
        KNOWN_PLURALS.has(next) ||
        lexicon.known.has(`${singularOf(last)} ${next}`) ||
        lexicon.known.has(`${last} ${next}`))
    )
      continue;
    // "we are a construction company", "a reservations book".
    if (/\b(?:we are|we're|i am|i'm|i run|we run)\s+(?:a |an |the )?[\w -]{0,20}$/.test(before)) continue;
    found.push({ phrase: last, position: m.index ?? 0, listed: false });
  }
  return found;
}

/** "orders from cafes", "sessions of each program", "students enrol in courses": the other thing is named too. */
function prepositionObjects(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(
    /\b(?:of|for|from|per|to) (?:(?:each|every|a|an|the|our|their|its|all)\s+)*([a-z-]+)/g,
  )) {
    found.push({ phrase: m[1] ?? "", position: (m.index ?? 0) + m[0].length - (m[1] ?? "").length, listed: false });
  }
  for (const m of text.matchAll(JUNCTION_SUBJECT)) {
    found.push({ phrase: m[1] ?? "", position: m.index ?? 0, listed: true });
  }
  return found;
}

const JUNCTION_SUBJECT =
  /\b([a-z-]+) (?:can )?(?:enrol|enroll|enrols|enrolls|sign up for|signs up for|register for|registers for|subscribe to|subscribes to|join|joins|attend|attends|take part in|takes part in) /g;

function possessives(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(/\b([a-z-]+)('s|s'|')\s+([a-z-]+(?: [a-z-]+)?)/g)) {
    // "the client's invoices": both the client and the invoices are things (the owner in the plural).
    const owner = m[2] === "s'" ? `${m[1]}s` : m[2] === "'" ? (m[1] ?? "") : pluralOf(m[1] ?? "");
    if (
      !/^(?:their|its|his|her|our|my|your|one|today|tomorrow|week|month|year|day|everyone|someone|team|company|business)s?$/.test(
        m[1] ?? "",
      )
    )
      found.push({ phrase: owner, position: m.index ?? 0, listed: false });
    found.push({ phrase: m[3] ?? "", position: (m.index ?? 0) + m[0].length - (m[3] ?? "").length, listed: false });
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every way the text may name a thing: "plant batch", "plant batches", "batch", "batches". */
export function formsOf(thing: Pick<Thing, "phrase" | "knowledge">): string[] {
  const base = [thing.phrase];
  const head = thing.phrase.split(" ").at(-1) ?? thing.phrase;
  if (head !== thing.phrase) base.push(head);
  const forms = base.flatMap((w) => [w, pluralOf(w)]);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function alternation(thing: Thing): string {
  return formsOf(thing).map(escape).join("|");
}

/** "X with Ys", "Ys of/for each X", "X's Ys", "X has many Ys", "Ys belong to X", "assign Ys to X", "book Ys for X". */
/** For each thing, the sentences that name it: only things named together can be linked by phrasing. */
function sentencesNaming(text: string, things: Thing[]): Map<Thing, Set<number>> & { sentences: string[] } {
  const sentences = text.split(/[.;!?\n]/);
  const found = Object.assign(new Map<Thing, Set<number>>(), { sentences });
  for (const thing of things) {
    const pattern = new RegExp(`\\b(?:${alternation(thing)})(?:'s|s'|')?\\b`);
    found.set(thing, new Set(sentences.flatMap((sentence, i) => (pattern.test(sentence) ? [i] : []))));
  }
  return found;
}

/** The sentences naming both, joined (empty when none does): the only text their phrasing can be in. */
function together(named: ReturnType<typeof sentencesNaming>, x: Thing, y: Thing): string {
  const ys = named.get(y);
  return [...(named.get(x) ?? [])]
    .filter((i) => ys?.has(i))
    .map((i) => named.sentences[i])
    .join(". ");
}

function readLinks(text: string, things: Thing[]): Link[] {
  const links: Link[] = [];
  const named = sentencesNaming(text, things);
  const add = (child: Thing, parent: Thing) => {
    if (child === parent || links.some((l) => l.child === child.table && l.parent === parent.table)) return;
    if (links.some((l) => l.child === parent.table && l.parent === child.table)) return;
    links.push({ child: child.table, parent: parent.table });
  };
  const det =
    "(?:(?:a|an|the|each|every|one|their|its|his|her|many|several|multiple|some|own|one or more|those|these)\\s+)*";
  for (const x of things) {
    for (const y of things) {
      const shared = x === y ? "" : together(named, x, y);
      if (!shared) continue;
      const X = alternation(x);
      const Y = alternation(y);
      const ys = `(?:${escapeRegExp(pluralOf(y.phrase))}|${escapeRegExp(pluralOf(y.phrase.split(" ").at(-1) ?? ""))})`;
      const yOne = `(?:${escapeRegExp(y.phrase)}|${escapeRegExp(y.phrase.split(" ").at(-1) ?? "")})`;
      const patterns: [RegExp, "yx" | "xy"][] = [
        // "clients with dogs" (many) / "walks with a dog" (one)
        [new RegExp(`\\b(?:${X}) with ${det}(?:[a-z -]+, )*${ys}\\b`), "yx"],
        [new RegExp(`\\b(?:${X}) with (?:a|an|one) ${yOne}\\b`), "xy"],
        // "lessons of each pupil", "walks for each dog", "readings per sensor", "rooms in a building"
        [
          new RegExp(
            `\\b(?:${Y})(?: (?:due|needed|required|pending|left|overdue|made|given|taken|written|sent|received|done|booked|logged|recorded|placed))? (?:of|for|per|in|under|within|at|from|by) ${det}(?:${X})\\b`,
          ),
          "yx",
        ],
        // "client's dogs", "pupils' lessons"
        [new RegExp(`\\b(?:${X})(?:'s|s'|') ${det}(?:${Y})\\b`), "yx"],
        // "each client has many dogs" / "each walk has a walker"
        [new RegExp(`\\b(?:${X}) (?:has|have|can have|contains?|holds?|includes?|gets?|owns?) ${det}${ys}\\b`), "yx"],
        [new RegExp(`\\b(?:${X}) (?:has|have|gets?|needs?) (?:a|an|one) ${yOne}\\b`), "xy"],
        // "tasks belong to projects"
        [
          new RegExp(
            `\\b(?:${Y}) (?:belongs?|are linked|is linked|are attached|is attached|are assigned|is assigned|goes|go|relates?) to ${det}(?:${X})\\b`,
          ),
          "yx",
        ],
        // "assign dogs to walkers", "book walks for dogs"
        [new RegExp(`\\bassign(?:s|ed|ing)? ${det}(?:${Y}) to ${det}(?:${X})\\b`), "yx"],
        [new RegExp(`\\bbook(?:s|ed|ing)? ${det}(?:${Y}) for ${det}(?:${X})\\b`), "yx"],
      ];
      for (const [pattern, direction] of patterns) {
        if (!pattern.test(shared)) continue;
        if (direction === "yx") add(y, x);
        else add(x, y);
      }
    }
  }
  return links;
}

/** "students enrol in courses", "each X can have many Ys and each Y many Xs", "X and Y are many-to-many". */
function readJunctions(text: string, things: Thing[]): Junction[] {
  const found: Junction[] = [];
  if (
    !/\b(?:enrol|enroll|sign up|signs up|register|subscribe|join|attend|take part|takes part|belong|tagged|many)/.test(
      text,
    )
  )
    return found;
  const named = sentencesNaming(text, things);
  for (const x of things) {
    for (const y of things) {
      if (x === y || found.some((j) => j.left === y.table && j.right === x.table)) continue;
      const shared = together(named, x, y);
      if (!shared) continue;
      const X = alternation(x);
      const Y = alternation(y);
      const patterns = [
        `\\b(?:${X}) (?:can )?(?:enrol|enroll|enrols|enrolls|sign up for|signs up for|register for|registers for|subscribe to|subscribes to|join|joins|attend|attends|take part in|takes part in|can belong to|belong to many|belongs to many|are tagged with|is tagged with) (?:in |on |for |to |into )?(?:many |several |multiple |one or more |any |many different )?(?:${Y})\\b`,
        `\\b(?:${X}) (?:and|&) (?:${Y}) (?:are|is) many[- ]to[- ]many\\b`,
        `\\bmany[- ]to[- ]many (?:between|of) (?:${X}) and (?:${Y})\\b`,
        `\\b(?:${X}) (?:has|have|can have) many (?:${Y}) and (?:each |every |a |an )?(?:${Y}) (?:has|have|can have)? ?many (?:${X})\\b`,
      ];
      if (patterns.some((p) => new RegExp(p).test(shared))) found.push({ left: x.table, right: y.table });
    }
  }
  return found;
}

/** "beehives with location, queen age and a photo", "each beehive has a location", "beehives (location, age)". */
function fieldPhrases(text: string, thing: Thing, all: Thing[]): string[] {
  const forms = alternation(thing);
  const patterns = [
    new RegExp(
      `\\b(?:${forms})\\s+(?:with|having|including|that (?:have|has)|which (?:have|has)|containing|holding|record(?:ing)?|track(?:ing)?)\\s+(?:a |an |the |their |its )?([^.;!?\\n()]+)`,
      "g",
    ),
    new RegExp(
      `\\b(?:each|every|a|an) (?:${forms}) (?:has|have|gets|needs|should have|includes|records|stores) (?:a |an |the |its )?([^.;!?\\n()]+)`,
      "g",
    ),
    new RegExp(`\\b(?:${forms}) ?\\(([^)]+)\\)`, "g"),
  ];
  const others = new Set(all.filter((t) => t !== thing).flatMap((t) => formsOf(t)));
  const phrases: string[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const clause =
        (match[1] ?? "").split(/\b(?:where|so that|so|who|which|while|but|whereas|then|because)\b|:/)[0] ?? "";
      // "a status of new, packed or shipped" is one choice field, read by readChoices.
      const choiceField = new RegExp(
        `^(?:a |an |the )?((?:[a-z-]+ )?(?:${CHOICE_WORDS}))\\b\\s*(?:of|:|is|can be|\\()`,
      ).exec(clause.trim());
      if (choiceField) {
        phrases.push(choiceField[1] ?? "");
        continue;
      }
      for (const raw of clause.split(/,|\band\b|&|\//)) {
        if (/\bwith\b/.test(raw)) break;
        let item = raw.trim();
        for (let i = 0; i < 3; i++) item = item.replace(DETERMINER, "").replace(/^(?:optional|required) /, "");
        item = item.trim();
        const words = item.split(" ").filter(Boolean);
        if (words.length === 0 || words.length > 3) continue;
        if (/\b(?:see|sees|can|may|should|must|only|own|are|is|get|gets|many|several)\b/.test(item)) continue;
        if (others.has(item) || others.has(singularOf(item))) continue;
        if (
          isPlural(words.at(-1) ?? "") &&
          words.length === 1 &&
          !/^(?:notes|hours|minutes|comments|instructions|details|photos)$/.test(item)
        )
          continue;
        phrases.push(item);
      }
    }
  }
  return [...new Set(phrases)];
}

/** Field words a choice list may follow: "status (new, won, lost)", "a stage of lead, won or lost". */
const CHOICE_WORDS =
  "status|stage|type|kind|category|priority|level|phase|state|tier|plan|size|severity|condition|grade|rating|outcome|result|channel|source|method|frequency|difficulty|shift|season|colou?r|format|mode|role|department";

/** A choice list as written: where it is, the field it is for, its values in order. */
interface ChoiceSpan {
  start: number;
  end: number;
  /** "order status" → modifier "order", field "status"; absent for "candidates move from applied to hired". */
  field: string;
  modifier?: string;
  values: string[];
}

const VALUE = "[\\p{L}][\\p{L}-]*(?: [\\p{L}][\\p{L}-]*)?";
/** "new, packed, shipped or delivered": the list ends at its "or" item, or at "and a …" (the next field). */
function valuesOf(raw: string): string[] {
  const items: string[] = [];
  for (const part of raw.split(/\s*(?:,|\/|->|→|\bthen\b|\bto\b)\s*/u)) {
    const alternatives = part.split(/\s+(?:or|and)\s+/u);
    for (const [i, alt] of alternatives.entries()) {
      const value = alt.trim();
      if (!value || /^(?:a|an|the|its|their)\s/u.test(value)) return clean(items);
      items.push(value.replace(/^(?:either)\s+/u, ""));
      if (i > 0 && /\bor\b/u.test(part)) return clean(items);
    }
  }
  return clean(items);
}

function clean(values: string[]): string[] {
  return [...new Set(values.map((v) => v.replace(/\s+/gu, "_")))];
}

/** Every choice list in the text: "status (new, won, lost)", "a stage of lead, won or lost", "urgency (low, high)", "move from applied to hired". */
function choiceSpans(text: string, thingWords: (word: string) => boolean): ChoiceSpan[] {
  const spans: ChoiceSpan[] = [];
  const add = (start: number, end: number, field: string, raw: string) => {
    const values = valuesOf(raw);
    if (values.length < 2 || values.length > 20 || values.some((v) => v.split("_").length > 3)) return;
    if (spans.some((s) => start >= s.start && start < s.end)) return;
    const words = field.trim().split(" ");
    spans.push({ start, end, field: words.at(-1) ?? "", ...(words.length > 1 ? { modifier: words[0] } : {}), values });
  };
  // "urgency (low, normal, emergency)": a word that is not a thing, then short values in parentheses.
  for (const m of text.matchAll(/\b((?:[a-z-]+ )?[a-z-]+)\s*\(([^)]+)\)/gu)) {
    const field = m[1] ?? "";
    const head = field.split(" ").at(-1) ?? "";
    const isChoiceWord = new RegExp(`^(?:${CHOICE_WORDS})$`).test(head);
    if (!isChoiceWord && (thingWords(head) || thingWords(field))) continue;
    const raw = m[2] ?? "";
    // Field lists hold field names ("name, email, due date"); choice lists hold values.
    if (!isChoiceWord && /\b(?:name|date|email|phone|address|price|amount|photo|notes|title|description)\b/u.test(raw))
      continue;
    add(m.index ?? 0, (m.index ?? 0) + m[0].length, field, raw);
  }
  const list = `((?:${VALUE}\\s*(?:,|/|\\bor\\b|\\band\\b|\\bthen\\b|\\bto\\b|->|→)\\s*)+${VALUE})`;
  const named = new RegExp(
    `\\b((?:[a-z-]+ )?(?:${CHOICE_WORDS}))(?:es|s)?\\s*(?::|\\bis\\b|\\bare\\b|\\bof\\b|\\bcan be\\b|\\bsuch as\\b|\\blike\\b|\\bgoes\\b|\\bgo\\b|\\bmoves?\\b|\\bfrom\\b|\\bbetween\\b|\\bis one of\\b|\\bthat is\\b)+\\s*${list}`,
    "gu",
  );
  for (const m of text.matchAll(named)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, m[1] ?? "", m[2] ?? "");
  // "candidates move from applied to screening, interview, offer, hired": the stages a thing goes through.
  const moves = new RegExp(
    `\\b(?:move|moves|go|goes|progress|progresses|flow|flows|pass|passes)\\s+(?:from|through)\\s+${list}`,
    "gu",
  );
  for (const m of text.matchAll(moves)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, "stage", m[1] ?? "");
  return spans;
}

/** The text with its choice lists blanked, so their values are not read as things. */
function withoutChoices(text: string, spans: ChoiceSpan[]): string {
  let out = text;
  for (const s of spans) {
    // Keep the field words ("status") readable; blank the values.
    const name = s.modifier ? `${s.modifier} ${s.field}` : s.field;
    const kept = text.startsWith(name, s.start) ? name : "";
    out = out.slice(0, s.start) + kept + " ".repeat(s.end - s.start - kept.length) + out.slice(s.end);
  }
  return out;
}

function readChoices(text: string, spans: ChoiceSpan[], things: Thing[]): Choice[] {
  const choices: Choice[] = [];
  for (const span of spans) {
    const sentenceStart = Math.max(0, ...[".", ";", "!", "?", "\n"].map((c) => text.lastIndexOf(c, span.start) + 1));
    const modifier = span.modifier;
    // The thing it belongs to: named in the field ("order status"), else the last thing before it in the sentence.
    const owner =
      (modifier && things.find((t) => formsOf(t).includes(modifier))) ||
      [...things]
        .map((t) => ({ t, at: lastIndexOfAny(text.slice(sentenceStart, span.start), formsOf(t)) }))
        .filter((x) => x.at >= 0)
        .sort((a, b) => b.at - a.at)[0]?.t ||
      things[0];
    if (!owner) continue;
    const column = safeIdentifier(span.field === "colour" ? "color" : span.field, 40);
    if (!column || choices.some((c) => c.table === owner.table && c.column === column)) continue;
    choices.push({ table: owner.table, column, values: span.values });
  }
  return choices;
}

function lastIndexOfAny(text: string, words: string[]): number {
  let best = -1;
  for (const w of words) {
    for (const m of text.matchAll(new RegExp(`\\b${escapeRegExp(w)}\\b`, "g"))) best = Math.max(best, m.index ?? -1);
  }
  return best;
}

// ---------------------------------------------------------------- roles and rules

export interface RoleLexicon {
  /** Known role phrases (singular) → role name and whether it leads (sees everything). */
  known: Map<string, { name: string; label: string; privileged?: boolean; readOnly?: boolean; contextual?: boolean }>;
}

const ACCESS_VERB =
  "see|sees|view|views|access|accesses|edit|edits|manage|manages|create|creates|submit|submits|approve|approves|log|logs|read|reads|update|updates|handle|handles|book|books|record|records|enter|enters|add|adds|request|requests|review|reviews|file|files|assign|assigns|upload|uploads|delete|deletes|close|closes|change|changes|run|runs|own|owns|do|does|work|works|teach|teaches|walk|walks|lead|leads|take|takes|answer|answers|sign|signs|complete|completes|publish|publishes|write|writes|check|checks|confirm|confirms|cancel|cancels|only see|get|gets|have access|has access|are (?:read[- ]only|allowed)|is (?:read[- ]only|allowed)";
const MODALS =
  "(?:(?:can|could|may|should|must|will|only|also|just|then|need to|needs to|are allowed to|is allowed to|get to|cannot|can't|can not|do not|don't|does not|doesn't|never)\\s+)*";
const LIST_END =
  /\b(?:see|sees|view|views|can|could|may|cannot|can't|must|should|will|only|approve|approves|submit|submits|edit|edits|manage|manages|access|accesses|create|creates|handle|handles|get|gets|need|needs|want|wants|are|is)\b/;
const SUBJECT_START =
  "(?:^|[.;:!?\\n,(]|\\bwhere|\\band|\\bbut|\\bwhile|\\bwhereas|\\bonly|\\bthat|\\bso)\\s*(?:the |all |our |only |any |its |their )*(?<each>(?:each |every )?)";
const SUBJECT_PHRASE =
  "(?<phrase>[a-z-]+(?: (?!only|can|may|also|just|must|should|will|cannot|never|do|does|who)[a-z-]+)?)";
/** "walkers see…", "only managers can approve…", "each chef sees…". */
const SUBJECT = new RegExp(`${SUBJECT_START}${SUBJECT_PHRASE}\\s+${MODALS}(?:${ACCESS_VERB})\\b`, "g");
/** "…and game masters who see only their own bookings". */
const SUBJECT_WHO = new RegExp(`${SUBJECT_PHRASE}\\s+who\\s+${MODALS}(?:${ACCESS_VERB})\\b`, "g");
/** "members can borrow books": whoever may do something uses the app. */
const SUBJECT_CAN = new RegExp(
  `${SUBJECT_START}${SUBJECT_PHRASE}\\s+(?:can|may|must|should|cannot|can't|are allowed to|get to)\\s+(?:only\\s+|also\\s+)?[a-z]+`,
  "g",
);
const NOT_ROLES = new Set(
  "they them we you i it he she everyone everybody anyone nobody users user people others team teams department departments group groups branch branches store stores each every this that these those who which app system nobody somebody someone data one ones rows records".split(
    " ",
  ),
);

/**
 * The role for a person word: the founder's own word ("vet" stays vet), except a known
 * phrase of several words ("sales reps" → sales_rep) and the owner's synonyms (administrator → admin).
 */
function roleName(one: string, lexicon: RoleLexicon): string {
  const known = lexicon.known.get(one);
  if (known && (one.includes(" ") || known.privileged)) return known.name;
  return safeIdentifier(one, 40) ?? one;
}

function readRoles(text: string, lexicon: RoleLexicon): Role[] {
  const roles = new Map<string, Role>();
  const add = (one: string, position: number) => {
    const known = lexicon.known.get(one) ?? lexicon.known.get(one.split(" ").at(-1) ?? "");
    const name = roleName(one, lexicon);
    if (roles.has(name) || [...roles.keys()].some((r) => r.endsWith(`_${name}`))) return;
    roles.set(name, {
      name,
      label: known && (one.includes(" ") || known.privileged) ? known.label : titleCase(one),
      privileged: Boolean(known?.privileged),
      readOnly: Boolean(known?.readOnly),
      position,
    });
  };
  // Subjects of access sentences: "walkers see…", "only managers can approve…".
  // Two-word people the founder listed ("…, and game masters who…") keep both words.
  const listed = new Set(
    listItems(text)
      .filter((c) => c.listed)
      .map((c) => cleanPhrase(c.phrase)),
  );
  for (const pattern of [SUBJECT, SUBJECT_WHO, SUBJECT_CAN]) {
    for (const m of text.matchAll(pattern)) {
      const phrase = (m.groups?.phrase ?? "").trim();
      const words = phrase.split(" ");
      const position = (m.index ?? 0) + m[0].indexOf(phrase);
      // A two-word subject is a role when it is a known phrase ("sales reps") or a listed one, else its last word names it.
      const two = singularOf(phrase);
      if (words.length === 2 && (lexicon.known.has(two) || (listed.has(phrase) && isPlural(words[1] ?? "")))) {
        add(two, position);
        continue;
      }
      const last = words.at(-1) ?? "";
      if (NOT_ROLES.has(last) || NOT_THINGS.has(last)) continue;
      const one = singularOf(last);
      // "each chef sees": one of many people, in the singular.
      const each = Boolean(m.groups?.each);
      const person = (isPlural(last) || each) && wordKind(last) === "person";
      if (lexicon.known.has(one) || person) add(one, position);
    }
  }
  // Known roles named anywhere as people who use the app ("for organizers", "admins", "a read-only auditor").
  for (const [phrase, known] of lexicon.known) {
    // People who are often records too ("students", "customers") are roles only when they act;
    // "a budget planner" names the app, not its users; "animals, owners, vaccinations" lists records.
    if (known.contextual || CONTAINERS.test(phrase) || listed.has(pluralOf(phrase))) continue;
    const m = new RegExp(`\\b${escapeRegExp(phrase)}s?\\b|\\b${escapeRegExp(pluralOf(phrase))}\\b`).exec(text);
    if (m) add(phrase, m.index);
  }
  // "app for volunteers and coordinators": people the app is for.
  for (const m of text.matchAll(
    /\b(?:app|application|tool|system|platform|portal|software|crm|tracker|database|website|hub|helpdesk|planner|invoicing|scheduling|[a-z]+ing)\s+(?:for|used by|shared by|between)\s+((?:(?:our|the|all|its|their)\s+)?[a-z-]+(?:\s*(?:,|and|&)\s*(?:our |the )?[a-z-]+)*)/g,
  )) {
    for (const part of (m[1] ?? "").split(/,|\band\b|&/)) {
      const word = part.trim().replace(/^(?:our|the|all|its|their)\s+/, "");
      if (!word || word.includes(" ") || NOT_ROLES.has(word)) continue;
      if (isPlural(word) && wordKind(word) === "person" && !KNOWN_PLURALS.has(word))
        add(singularOf(word), (m.index ?? 0) + m[0].indexOf(word));
      else if (isPlural(word) && lexicon.known.has(singularOf(word)))
        add(singularOf(word), (m.index ?? 0) + m[0].indexOf(word));
    }
  }
  return [...roles.values()].sort((a, b) => a.position - b.position);
}

const OWN =
  /\b(?:their|his|her|his or her|its) own\b|\bonly (?:theirs|their|his|hers)\b|\bthey (?:own|created|create|submitted|submit|logged|log|entered|enter|wrote|write|made|make|added|add|filed|file|booked|book|are assigned|lead|run|teach|handle|walk|take|do|work on)\b|\b(?:assigned|allocated|given) to (?:them|him|her|themselves)\b|\bthey(?:'re| are) (?:assigned|on)\b|\b(?:owned|created|submitted|logged|entered|booked|written|added|filed|led|run|taught|handled|walked) by (?:them|him|her|themselves)\b|\btheir (?:assigned|allocated)\b|\b(?:to|for|of) (?:them|themselves)\b/;
const CREATED =
  /\b(?:created|create|submitted|submit|logged|log|entered|enter|wrote|write|made|make|added|add|filed|file|booked|book)\b/;
const TEAM_WORDS =
  "team|department|group|branch|store|shop|location|office|region|site|clinic|restaurant|unit|division|crew|squad|chapter|franchise|warehouse|school|campus|ward|practice|studio|gym";
const TEAM = new RegExp(
  `\\b(?:each|every|their|its|own|same|whole)\\s+(?:own\\s+)?(${TEAM_WORDS})(?:'s|s')?\\b|\\b(${TEAM_WORDS})(?:'s|s') (?:own )?[a-z]+|\\bin (?:their|its|the same) (${TEAM_WORDS})\\b`,
);
const EVERYTHING =
  /\b(?:everything|all (?:the )?[a-z]+|every [a-z]+|anything|full access|all records|all data|the whole [a-z]+)\b/;
const READ_ONLY =
  /\b(?:read[- ]only|only (?:view|read|look at|see)\b(?! their| its| his| her| the [a-z]+ (?:assigned|they))|(?:view|see|read) but (?:not|never) (?:edit|change|modify|update)|can(?:not|'t| not) (?:edit|change|modify|update) (?:anything|records|data)|just (?:view|see|read))\b/;
const CANNOT_CHANGE =
  /\b(?:can(?:not|'t| not)|may not|must not|never|are not allowed to|aren't allowed to|is not allowed to)\s+(?:change|edit|modify|update|set|touch|alter)\s+(?:the |their |its |a |an |any )?([a-z-]+(?: [a-z-]+)?)/;
const NO_ACCESS =
  /\b(?:can(?:not|'t| not)|may not|must not|never|do not|don't|does not|doesn't)\s+(?:see|view|access|read)\s+(?:the |any |other )?([a-z-]+(?: [a-z-]+)?)|\b([a-z-]+) (?:are|is) hidden from\b/;
const APPROVE =
  /\b(?:approve|approves|approving|sign off|signs off|sign-off|accept or reject|approve or reject|reject)\b/;
const DELETE = /\bonly\s+(?:the\s+)?[a-z -]+?\s+(?:can|may)\s+(?:delete|remove)\b/;

function readRules(text: string, roles: Role[], things: Thing[], links: Link[], lexicon: RoleLexicon): Rule[] {
  const rules: Rule[] = [];
  const roleForms = roles.flatMap((r) => {
    const words = [...lexicon.known].filter(([, k]) => k.name === r.name).map(([w]) => w);
    const all = [...new Set([r.name.replaceAll("_", " "), ...words])];
    return all.flatMap((w) => [w, pluralOf(w)]).map((w) => ({ w, role: r.name }));
  });
  roleForms.sort((a, b) => b.w.length - a.w.length);
  const roleAlt = roleForms.map((f) => escapeRegExp(f.w)).join("|") || "(?!)";
  const split = new RegExp(
    `[.;!?\\n]|\\bbut\\b|\\bwhile\\b|\\bwhereas\\b|\\bexcept\\b|,\\s*(?=(?:and |but |while )?(?:the |all |each |every |only |our )?(?:${roleAlt})\\b)|\\band (?=(?:the |all |each |every |only |our )?(?:${roleAlt}|each (?:${TEAM_WORDS})|every (?:${TEAM_WORDS}))\\b)`,
  );
  let previous: { roles: string[]; tables: string[] } = { roles: [], tables: [] };
  for (const clause of text
    .split(split)
    .map((c) => (c ?? "").trim())
    .filter(Boolean)) {
    // "only managers can approve them": the subject follows a leading "only".
    const lead = /^(?:and |but |then )?only /.exec(clause)?.[0].length ?? 0;
    const found = clause
      .slice(lead)
      .search(new RegExp(`\\b(?:${ACCESS_VERB}|can|may|cannot|can't|must|should|only)\\b`));
    const verb = found >= 0 ? found + lead : -1;
    const subject = verb >= 0 ? clause.slice(0, verb) : clause;
    const named = [
      ...new Set(roleForms.filter((f) => new RegExp(`\\b${escapeRegExp(f.w)}\\b`).test(subject)).map((f) => f.role)),
    ];
    const object = verb >= 0 ? clause.slice(verb) : clause;
    const mentioned = things
      .map((t) => ({ t, at: lastIndexOfAny(object, formsOf(t)) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => a.at - b.at)
      .map((x) => x.t.table);
    const pronoun = /\b(?:them|it|those|these|theirs)\b/.test(object) && mentioned.length === 0;
    const rolesHere = named.length
      ? named
      : /^(?:and |then |also )?(?:they|but)\b|^(?:can|cannot|may)\b/.test(clause)
        ? previous.roles
        : named;
    const tables = mentioned.length ? mentioned : pronoun || CANNOT_CHANGE.test(clause) ? previous.tables : [];
    const rule = (kind: RuleKind, extra: Partial<Rule> = {}) =>
      rules.push({ kind, roles: rolesHere, tables, clause, ...extra });

    const cannot = CANNOT_CHANGE.exec(clause);
    if (cannot) {
      const field = cannot[1] ?? "";
      const asTable = things.find((t) => formsOf(t).includes(field) || formsOf(t).includes(field.split(" ")[0] ?? ""));
      if (asTable) rules.push({ kind: "readOnly", roles: rolesHere, tables: [asTable.table], clause });
      else rule("readOnlyColumn", { word: field.replace(/ (?:field|column|value)$/, "") });
    }
    // "artists see only their own appointments and cannot change the deposit": the part before "cannot" still grants.
    const granting = cannot ? clause.slice(0, cannot.index) : clause;
    const team = TEAM.exec(granting);
    if (NO_ACCESS.test(granting) && mentioned.length) {
      rule("noAccess");
    } else if (team && tables.length) {
      rule("team", { word: team[1] ?? team[2] ?? team[3] ?? "team" });
    } else if (OWN.test(granting)) {
      // "their own pupils' lessons": the person column is on pupils, lessons follow their pupil.
      const chain = (/\bown [a-z-]+(?:'s|s'|')/.test(granting) ? things : [])
        .flatMap((p) =>
          things.map((y) => ({
            p,
            y,
            re: new RegExp(`\\bown (?:${alternation(p)})(?:'s|s'|') (?:${alternation(y)})\\b`),
          })),
        )
        .find((c) => c.p !== c.y && c.re.test(clause));
      const created = CREATED.test(clause.replace(/\bassigned\b.*$/, "")) && !/\bassigned\b/.test(clause);
      if (chain) {
        rules.push({ kind: "person", roles: rolesHere, tables: [chain.y.table], through: chain.p.table, clause });
      } else if (tables.length) {
        // "their own listings and the viewings of those listings": the viewings follow their listing.
        const own = tables.filter((t) => !links.some((l) => l.child === t && tables.includes(l.parent)));
        rules.push({ kind: "person", roles: rolesHere, tables: own, clause, ...(created ? { word: "created" } : {}) });
      }
    } else if (
      EVERYTHING.test(granting) &&
      /\b(?:see|sees|view|views|access|manage|manages|edit|edits|has|have|read|reads|control|controls|do|does)\b/.test(
        clause,
      )
    ) {
      for (const name of rolesHere) {
        const role = roles.find((r) => r.name === name);
        if (role && !READ_ONLY.test(clause)) role.privileged = true;
      }
    }
    if (READ_ONLY.test(clause) && !cannot) {
      if (tables.length) rules.push({ kind: "readOnly", roles: rolesHere, tables, clause });
      else
        for (const name of rolesHere) {
          const role = roles.find((r) => r.name === name);
          if (role && !role.privileged) role.readOnly = true;
        }
    }
    if (APPROVE.test(clause) && rolesHere.length) rule("approve");
    if (DELETE.test(clause) && rolesHere.length) rule("delete");
    previous = {
      roles: rolesHere.length ? rolesHere : previous.roles,
      tables: tables.length ? tables : previous.tables,
    };
  }
  return rules;
}
