/** Word handling for the offline planner: normalising, plurals, and a small glossary for non-English prompts. */
import { identifierProblem, toIdentifier } from "@plinth/blueprint";

export function singular(word: string): string {
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  if (/s$/.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

export function titleCase(text: string): string {
  const spaced = text.replaceAll("_", " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A safe identifier for a phrase, at most `max` characters, or null when none can be made. */
export function safeIdentifier(phrase: string, max = 31): string | null {
  let id = toIdentifier(phrase).slice(0, max).replace(/_+$/, "");
  if (id.length < 2) return null;
  if (identifierProblem(id)) id = `${id.slice(0, max - 6)}_value`;
  return identifierProblem(id) ? null : id;
}

/** Lowercase, one space between words, sentence punctuation kept; "in order to" is not about orders. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/\bin order to\b/g, "to")
    .replace(/[^\p{L}\p{N}'.,;:!?()/&\n-]+/gu, " ")
    .replace(/[ \t]+/g, " ")
    .trim();
}

type Language = "en" | "es" | "fr" | "de" | "pt";

const STOP_WORDS: Record<Language, string[]> = {
  en: ["the", "and", "a", "to", "of", "with", "for", "see", "their", "app", "can", "each", "only", "track", "manage"],
  es: ["el", "la", "los", "las", "de", "para", "que", "con", "y", "una", "un", "sus", "solo", "gestionar", "ven"],
  fr: ["le", "les", "des", "pour", "avec", "et", "une", "un", "leurs", "seulement", "gérer", "voient", "du"],
  de: ["der", "die", "das", "und", "mit", "für", "eine", "ein", "nur", "ihre", "sehen", "verwalten", "jedes"],
  pt: ["os", "as", "de", "para", "que", "com", "e", "uma", "um", "seus", "apenas", "gerenciar", "veem"],
};

/** Word-for-word glossary into the English the planner reads; enough for entities, roles and ownership. */
const GLOSSARY: Record<string, string> = {
  // verbs and ownership words
  gestionar: "manage",
  administrar: "manage",
  registrar: "track",
  seguir: "track",
  gérer: "manage",
  suivre: "track",
  verwalten: "manage",
  erfassen: "track",
  gerenciar: "manage",
  controlar: "track",
  ven: "see",
  ve: "sees",
  voient: "see",
  voit: "sees",
  sehen: "see",
  sieht: "sees",
  veem: "see",
  vê: "sees",
  solo: "only",
  sólo: "only",
  solamente: "only",
  seulement: "only",
  uniquement: "only",
  nur: "only",
  apenas: "only",
  sus: "their",
  leurs: "their",
  ihre: "their",
  seus: "their",
  suas: "their",
  propios: "own",
  propias: "own",
  propres: "own",
  eigenen: "own",
  próprios: "own",
  próprias: "own",
  todo: "everything",
  tout: "everything",
  alles: "everything",
  tudo: "everything",
  cada: "each",
  chaque: "each",
  jedes: "each",
  jeder: "each",
  jede: "each",
  y: "and",
  et: "and",
  und: "and",
  e: "and",
  con: "with",
  avec: "with",
  mit: "with",
  com: "with",
  // fields, so a listed field meets the known column of the same meaning (no duplicated columns)
  nombre: "name",
  nom: "name",
  nome: "name",
  correo: "email",
  courriel: "email",
  teléfono: "phone",
  téléphone: "phone",
  telefon: "phone",
  telefone: "phone",
  fecha: "date",
  datum: "date",
  data: "date",
  precio: "price",
  prix: "price",
  preis: "price",
  preço: "price",
  dirección: "address",
  adresse: "address",
  endereço: "address",
  descripción: "description",
  beschreibung: "description",
  descrição: "description",
  notas: "notes",
  notizen: "notes",
  importe: "amount",
  montant: "amount",
  betrag: "amount",
  valor: "amount",
  foto: "photo",
  // fields a choice list follows
  estado: "status",
  estados: "status",
  statut: "status",
  état: "status",
  zustand: "status",
  situação: "status",
  tipo: "type",
  typ: "type",
  prioridad: "priority",
  priorité: "priority",
  priorität: "priority",
  prioridade: "priority",
  etapa: "stage",
  étape: "stage",
  phase: "stage",
  // things
  clientes: "customers",
  cliente: "customer",
  kunden: "customers",
  clients: "customers",
  facturas: "invoices",
  factures: "invoices",
  rechnungen: "invoices",
  faturas: "invoices",
  tareas: "tasks",
  tâches: "tasks",
  aufgaben: "tasks",
  tarefas: "tasks",
  proyectos: "projects",
  projets: "projects",
  projekte: "projects",
  projetos: "projects",
  productos: "products",
  produits: "products",
  produkte: "products",
  produtos: "products",
  pedidos: "orders",
  commandes: "orders",
  bestellungen: "orders",
  empleados: "employees",
  employés: "employees",
  mitarbeiter: "employees",
  funcionários: "employees",
  citas: "appointments",
  termine: "appointments",
  consultas: "appointments",
  pacientes: "patients",
  patienten: "patients",
  alumnos: "students",
  estudiantes: "students",
  élèves: "students",
  étudiants: "students",
  schüler: "students",
  alunos: "students",
  cursos: "courses",
  cours: "courses",
  kurse: "courses",
  eventos: "events",
  événements: "events",
  veranstaltungen: "events",
  gastos: "expenses",
  dépenses: "expenses",
  ausgaben: "expenses",
  despesas: "expenses",
  proveedores: "suppliers",
  fournisseurs: "suppliers",
  lieferanten: "suppliers",
  fornecedores: "suppliers",
  ventas: "deals",
  oportunidades: "deals",
  ventes: "deals",
  equipos: "teams",
  equipo: "team",
  équipes: "teams",
  équipe: "team",
  equipes: "teams",
  equipe: "team",
  // roles
  gerentes: "managers",
  gestionnaires: "managers",
  vendedores: "sales reps",
  commerciaux: "sales reps",
  vertriebsmitarbeiter: "sales reps",
  profesores: "teachers",
  professeurs: "teachers",
  enseignants: "teachers",
  lehrer: "teachers",
  professores: "teachers",
  administradores: "admins",
  administrateurs: "admins",
};

export interface ReadableText {
  text: string;
  language: Language | "unknown";
  /** The founder's word for each English word (or phrase) the glossary put in its place. */
  originals: Map<string, string>;
}

/** The prompt in the English the planner reads, translating known words of a few other languages. */
export function readable(prompt: string): ReadableText {
  const text = normalize(prompt);
  const words = text.split(/[^\p{L}'-]+/u).filter(Boolean);
  const scores = (Object.keys(STOP_WORDS) as Language[]).map((lang) => ({
    lang,
    hits: words.filter((w) => STOP_WORDS[lang].includes(w)).length,
  }));
  const best = scores.reduce((a, b) => (b.hits > a.hits ? b : a));
  const latin = words.filter((w) => /^[a-zà-ÿ'-]+$/.test(w)).length;
  const originals = new Map<string, string>();
  if (best.hits === 0 && latin < words.length / 2) return { text, language: "unknown", originals };
  if (best.lang === "en" || best.hits === 0) return { text, language: "en", originals };
  const translated = text.replace(/[\p{L}'-]+/gu, (w) => {
    const english = GLOSSARY[w];
    if (!english) return w;
    if (!originals.has(english)) originals.set(english, w);
    return english;
  });
  return { text: translated, language: best.lang, originals };
}

/** The region a request in this language most likely comes from: its app's locale and currency. */
export const LANGUAGE_LOCALES: Record<string, { locale: string; currency: string }> = {
  es: { locale: "es-ES", currency: "EUR" },
  fr: { locale: "fr-FR", currency: "EUR" },
  de: { locale: "de-DE", currency: "EUR" },
  pt: { locale: "pt-BR", currency: "BRL" },
};
