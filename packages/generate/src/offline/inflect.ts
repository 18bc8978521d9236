/**
 * English inflection and word classes through `compromise` (a maintained, dependency-free
 * NLP library): singular/plural of nouns, and whether a word reads as a person or a thing.
 * Chosen over `pluralize` (inflection only, no tagging), `wink-nlp` (needs a separate
 * model package and a pipeline for a few words) and `natural` (stemmers that break
 * words: "analyses" → "analys"). Results are cached: a prompt asks about few words,
 * and the planner must stay well under 100 ms.
 */
import nlp from "compromise";

const singulars = new Map<string, string>();
const plurals = new Map<string, string>();
const kinds = new Map<string, WordKind>();

/** Words compromise reads as uncountable or as verbs that founders use as plural things. */
const SINGULAR_AS_IS = new Set(["equipment", "staff", "inventory", "stock", "news", "series", "species", "data"]);

/** A phrase inflects on its last word; each answer is remembered (compromise is slow). */
function onLastWord(cache: Map<string, string>, phrase: string, inflect: (last: string) => string): string {
  const cached = cache.get(phrase);
  if (cached !== undefined) return cached;
  const words = phrase.split(" ");
  const result = [...words.slice(0, -1), inflect(words.at(-1) ?? "")].join(" ");
  cache.set(phrase, result);
  return result;
}

/** "plant batches" → "plant batch", "people" → "person". */
export function singularOf(phrase: string): string {
  return onLastWord(singulars, phrase, (last) => {
    // "status", "campus", "analysis" are singular; "menus", "gurus" are not: compromise decides, untold.
    const ambiguous = /(?:us|is)$/.test(last) && !/ss$/.test(last);
    if (ambiguous && nlp(last).nouns().isPlural().found) return nlp(last).nouns().toSingular().text().trim() || last;
    if (SINGULAR_AS_IS.has(last) || /(?:ss|us|is)$/.test(last) || !/[a-z]s$|^people$|^children$|men$/.test(last))
      return last;
    const doc = nlp(last);
    doc.tag("Plural");
    const one = doc.nouns().toSingular().text().trim() || last;
    return /^[a-z][a-z-]*$/.test(one) ? one : last;
  });
}

/** "walk" → "walks", "person" → "people". */
export function pluralOf(phrase: string): string {
  return onLastWord(plurals, phrase, (last) => {
    if (SINGULAR_AS_IS.has(last) || isPlural(last)) return last;
    const doc = nlp(last);
    doc.tag("Singular");
    const many = doc.nouns().toPlural().text().trim();
    return !/^[a-z][a-z-]*$/.test(many) || many === last ? regularPlural(last) : many;
  });
}

/** A plural noun form: its singular differs from it ("walks", "people"), or it is a mass noun used as a list. */
export function isPlural(word: string): boolean {
  if (SINGULAR_AS_IS.has(word)) return false;
  if (!/[a-z]s$|^people$|^children$|^staff$|men$/.test(word)) return false;
  if (/(?:ss|ous|ness|ics)$/.test(word)) return false;
  return singularOf(word) !== word;
}

export type WordKind = "person" | "thing" | "other";

/** Whether a noun names people ("gardeners", "pupils") — they can be roles — or things. */
export function wordKind(word: string): WordKind {
  const cached = kinds.get(word);
  if (cached) return cached;
  const one = singularOf(word);
  const doc = nlp(one);
  let kind: WordKind = "thing";
  if (PEOPLE.has(one) || doc.has("#Actor")) kind = "person";
  else if (/(?:er|or|ist|ian|ant|ent|ee|eer|ess|ard|man|woman|person)$/.test(one) && !THING_ENDINGS.test(one))
    kind = "person";
  else if (doc.has("#Adjective") && !doc.has("#Noun")) kind = "other";
  kinds.set(word, kind);
  return kind;
}

function regularPlural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** People nouns compromise does not tag as actors. */
const PEOPLE = new Set(
  "client student nurse coach patient resident customer guest tenant pupil parent member volunteer agent rep chef cook cleaner host vet doctor dentist therapist athlete player musician artist guide walker sitter groomer tutor mentor mentee intern trainee apprentice staff attendee speaker donor buyer seller owner user admin supervisor lead captain crew worker player cook guide foreman baker mover photographer translator lawyer curator referee inspector researcher beekeeper gardener cleaner stylist coordinator dispatcher receptionist accountant auditor technician trainer waiter bartender cashier clerk courier driver".split(
    " ",
  ),
);

/** Nouns whose endings look like people's ("orders", "invoices", "payments") but are things. */
const THING_ENDINGS =
  /(?:order|folder|letter|paper|number|meter|filter|timer|poster|container|trailer|register|ledger|roster|charter|center|centre|chapter|voucher|sticker|binder|counter|computer|printer|monitor|sensor|tractor|door|floor|colou?r|error|mirror|ment|ion|ent|ant|card|yard|board|award|standard)$/;
