/**
 * An app for a Spanish, French, German or Portuguese prompt speaks that language: table
 * labels in the founder's own words, the usual column labels and choice values
 * translated, and the UI's own words (dashboard, "New …", board, calendar). Identifiers
 * stay the planner's ASCII snake_case, so nothing else changes.
 */
import type { ColumnDef } from "./columns.js";
import type { TableDef } from "./data.js";
import type { Role } from "./read.js";

export type AppLanguage = "es" | "fr" | "de" | "pt";
const INDEX: Record<AppLanguage, number> = { es: 0, fr: 1, de: 2, pt: 3 };

/** English label → [es, fr, de, pt]. */
const LABELS: Record<string, [string, string, string, string]> = {
  Name: ["Nombre", "Nom", "Name", "Nome"],
  "Full name": ["Nombre completo", "Nom complet", "Vollständiger Name", "Nome completo"],
  Title: ["Título", "Titre", "Titel", "Título"],
  Subject: ["Asunto", "Objet", "Betreff", "Assunto"],
  Status: ["Estado", "Statut", "Status", "Situação"],
  Stage: ["Etapa", "Étape", "Phase", "Etapa"],
  Priority: ["Prioridad", "Priorité", "Priorität", "Prioridade"],
  Kind: ["Tipo", "Type", "Art", "Tipo"],
  Type: ["Tipo", "Type", "Typ", "Tipo"],
  Category: ["Categoría", "Catégorie", "Kategorie", "Categoria"],
  Description: ["Descripción", "Description", "Beschreibung", "Descrição"],
  Notes: ["Notas", "Notes", "Notizen", "Notas"],
  Details: ["Detalles", "Détails", "Details", "Detalhes"],
  Instructions: ["Instrucciones", "Instructions", "Anweisungen", "Instruções"],
  Body: ["Texto", "Texte", "Text", "Texto"],
  Email: ["Correo electrónico", "E-mail", "E-Mail", "E-mail"],
  Phone: ["Teléfono", "Téléphone", "Telefon", "Telefone"],
  Address: ["Dirección", "Adresse", "Adresse", "Endereço"],
  Website: ["Sitio web", "Site web", "Website", "Site"],
  Location: ["Ubicación", "Lieu", "Ort", "Local"],
  Date: ["Fecha", "Date", "Datum", "Data"],
  When: ["Cuándo", "Quand", "Wann", "Quando"],
  Starts: ["Empieza", "Début", "Beginn", "Início"],
  Ends: ["Termina", "Fin", "Ende", "Fim"],
  Start: ["Inicio", "Début", "Beginn", "Início"],
  "Start date": ["Fecha de inicio", "Date de début", "Startdatum", "Data de início"],
  "End date": ["Fecha de fin", "Date de fin", "Enddatum", "Data de término"],
  Due: ["Vence", "Échéance", "Fällig", "Vencimento"],
  "Due date": ["Fecha límite", "Date d'échéance", "Fälligkeitsdatum", "Data de vencimento"],
  "Date of birth": ["Fecha de nacimiento", "Date de naissance", "Geburtsdatum", "Data de nascimento"],
  "Order date": ["Fecha del pedido", "Date de commande", "Bestelldatum", "Data do pedido"],
  "Issued on": ["Emitida el", "Émise le", "Ausgestellt am", "Emitida em"],
  Amount: ["Importe", "Montant", "Betrag", "Valor"],
  Total: ["Total", "Total", "Summe", "Total"],
  Price: ["Precio", "Prix", "Preis", "Preço"],
  Budget: ["Presupuesto", "Budget", "Budget", "Orçamento"],
  Quantity: ["Cantidad", "Quantité", "Menge", "Quantidade"],
  Capacity: ["Capacidad", "Capacité", "Kapazität", "Capacidade"],
  Reference: ["Referencia", "Référence", "Referenz", "Referência"],
  "Order number": ["Número de pedido", "Numéro de commande", "Bestellnummer", "Número do pedido"],
  "Invoice number": ["Número de factura", "Numéro de facture", "Rechnungsnummer", "Número da fatura"],
  "Job title": ["Cargo", "Poste", "Position", "Cargo"],
  Photo: ["Foto", "Photo", "Foto", "Foto"],
  Rating: ["Valoración", "Note", "Bewertung", "Avaliação"],
  Room: ["Sala", "Salle", "Raum", "Sala"],
  Code: ["Código", "Code", "Code", "Código"],
  Credits: ["Créditos", "Crédits", "Credits", "Créditos"],
  Schedule: ["Horario", "Horaire", "Zeitplan", "Horário"],
  "Grade level": ["Curso", "Niveau", "Klassenstufe", "Série"],
  Approval: ["Aprobación", "Approbation", "Freigabe", "Aprovação"],
  Team: ["Equipo", "Équipe", "Team", "Equipe"],
  Department: ["Departamento", "Service", "Abteilung", "Departamento"],
  Members: ["Miembros", "Membres", "Mitglieder", "Membros"],
  Issued: ["Emitida", "Émise", "Ausgestellt", "Emitida"],
  "In stock": ["En stock", "En stock", "Auf Lager", "Em estoque"],
  "Reorder level": ["Nivel de reposición", "Seuil de réapprovisionnement", "Meldebestand", "Nível de reposição"],
  Image: ["Imagen", "Image", "Bild", "Imagem"],
  Admin: ["Administrador", "Administrateur", "Administrator", "Administrador"],
  Member: ["Miembro", "Membre", "Mitglied", "Membro"],
};

/** Choice values (stored as shown) → [es, fr, de, pt]. */
const VALUES: Record<string, [string, string, string, string]> = {
  open: ["abierto", "ouvert", "offen", "aberto"],
  new: ["nuevo", "nouveau", "neu", "novo"],
  pending: ["pendiente", "en_attente", "ausstehend", "pendente"],
  in_progress: ["en_curso", "en_cours", "in_arbeit", "em_andamento"],
  review: ["revisión", "revue", "prüfung", "revisão"],
  done: ["hecho", "terminé", "erledigt", "concluído"],
  completed: ["completado", "terminé", "abgeschlossen", "concluído"],
  closed: ["cerrado", "fermé", "geschlossen", "fechado"],
  resolved: ["resuelto", "résolu", "gelöst", "resolvido"],
  cancelled: ["cancelado", "annulé", "storniert", "cancelado"],
  active: ["activo", "actif", "aktiv", "ativo"],
  planned: ["planificado", "prévu", "geplant", "planejado"],
  scheduled: ["programado", "planifié", "geplant", "agendado"],
  confirmed: ["confirmado", "confirmé", "bestätigt", "confirmado"],
  draft: ["borrador", "brouillon", "entwurf", "rascunho"],
  sent: ["enviado", "envoyé", "gesendet", "enviado"],
  paid: ["pagado", "payé", "bezahlt", "pago"],
  overdue: ["vencido", "en_retard", "überfällig", "vencido"],
  shipped: ["enviado", "expédié", "versandt", "enviado"],
  delivered: ["entregado", "livré", "geliefert", "entregue"],
  approved: ["aprobado", "approuvé", "genehmigt", "aprovado"],
  rejected: ["rechazado", "refusé", "abgelehnt", "rejeitado"],
  on_hold: ["en_pausa", "en_pause", "pausiert", "em_espera"],
  low: ["baja", "basse", "niedrig", "baixa"],
  medium: ["media", "moyenne", "mittel", "média"],
  high: ["alta", "haute", "hoch", "alta"],
  urgent: ["urgente", "urgente", "dringend", "urgente"],
  todo: ["por_hacer", "à_faire", "offen", "a_fazer"],
  other: ["otro", "autre", "sonstiges", "outro"],
};

export interface UiWords {
  dashboard: string;
  /** One record of a table, from its label ("Clientes" → "cliente"). */
  one: (label: string) => string;
  newRecord: (one: string) => string;
  open: string;
  board: (things: string) => string;
  calendar: (things: string) => string;
  gallery: (things: string) => string;
  tree: (things: string) => string;
  chat: (things: string) => string;
  total: (what: string, things: string) => string;
  by: (things: string, what: string) => string;
  recent: (things: string) => string;
}

export const ENGLISH_UI: UiWords = {
  dashboard: "Dashboard",
  one: (label) => label.toLowerCase().replace(/s$/, ""),
  newRecord: (one) => `New ${one}`,
  open: "Open",
  board: (t) => `${t} board`,
  calendar: (t) => `${t} calendar`,
  gallery: (t) => `${t} gallery`,
  tree: (t) => `${t} tree`,
  chat: (t) => `${t} chat`,
  total: (w, t) => `Total ${w} (${t})`,
  by: (t, w) => `${t} by ${w}`,
  recent: (t) => `Recent ${t}`,
};

export const UI_WORDS: Record<AppLanguage, UiWords> = {
  es: {
    dashboard: "Panel",
    one: (label) => singularLabel(label, "es").toLowerCase(),
    newRecord: (one) => `Nuevo: ${one}`,
    open: "Abrir",
    board: (t) => `Tablero de ${t}`,
    calendar: (t) => `Calendario de ${t}`,
    gallery: (t) => `Galería de ${t}`,
    tree: (t) => `Árbol de ${t}`,
    chat: (t) => `Chat de ${t}`,
    total: (w, t) => `${w} total (${t})`,
    by: (t, w) => `${t} por ${w}`,
    recent: (t) => `${t} recientes`,
  },
  fr: {
    dashboard: "Tableau de bord",
    one: (label) => singularLabel(label, "fr").toLowerCase(),
    newRecord: (one) => `Nouveau : ${one}`,
    open: "Ouvrir",
    board: (t) => `Tableau des ${t}`,
    calendar: (t) => `Calendrier des ${t}`,
    gallery: (t) => `Galerie des ${t}`,
    tree: (t) => `Arbre des ${t}`,
    chat: (t) => `Discussion : ${t}`,
    total: (w, t) => `${w} total (${t})`,
    by: (t, w) => `${t} par ${w}`,
    recent: (t) => `${t} récents`,
  },
  de: {
    dashboard: "Übersicht",
    one: (label) => label,
    newRecord: (one) => `Neu: ${one}`,
    open: "Öffnen",
    board: (t) => `${t}: Board`,
    calendar: (t) => `${t}: Kalender`,
    gallery: (t) => `${t}: Galerie`,
    tree: (t) => `${t}: Baum`,
    chat: (t) => `${t}: Chat`,
    total: (w, t) => `${w} gesamt (${t})`,
    by: (t, w) => `${t} nach ${w}`,
    recent: (t) => `Neueste ${t}`,
  },
  pt: {
    dashboard: "Painel",
    one: (label) => singularLabel(label, "pt").toLowerCase(),
    newRecord: (one) => `Novo: ${one}`,
    open: "Abrir",
    board: (t) => `Quadro de ${t}`,
    calendar: (t) => `Calendário de ${t}`,
    gallery: (t) => `Galeria de ${t}`,
    tree: (t) => `Árvore de ${t}`,
    chat: (t) => `Chat de ${t}`,
    total: (w, t) => `${w} total (${t})`,
    by: (t, w) => `${t} por ${w}`,
    recent: (t) => `${t} recentes`,
  },
};

/** The founder's word for a thing the glossary translated ("clientes" for customers), capitalised. */
function original(label: string, originals: ReadonlyMap<string, string>): string | undefined {
  const whole = originals.get(label.toLowerCase());
  if (whole) return whole.charAt(0).toUpperCase() + whole.slice(1);
  const words = label.toLowerCase().split(" ");
  const mapped = words.map((w) => originals.get(w));
  if (mapped.every((w) => w === undefined)) return undefined;
  const text = words.map((w, i) => mapped[i] ?? w).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A singular for a role label from a plural the founder wrote ("vendedores" → "Vendedor"). */
function singularLabel(word: string, language: AppLanguage): string {
  if (language === "de") return word;
  const one = /(?:ores|eres|ones)$/.test(word) ? word.slice(0, -2) : word.replace(/s$/, "");
  return one;
}

/** Labels, column labels and choice values in the prompt's language, in place. */
export function localizeModel(
  tables: TableDef[],
  roles: Role[],
  language: AppLanguage,
  originals: ReadonlyMap<string, string>,
): void {
  const at = INDEX[language];
  // Link and people columns are labelled after the table or role they point at ("Customer" → "Cliente").
  const renamed = new Map<string, string>();
  for (const table of tables) {
    const english = table.label ?? table.name;
    const own = original(english, originals);
    if (own) {
      table.label = own.slice(0, 80);
      renamed.set(english.replace(/s$/, ""), singularLabel(own, language));
    }
  }
  for (const role of roles) {
    const english = role.label;
    const own = original(role.label, originals) ?? original(`${role.label}s`, originals);
    const known = LABELS[english]?.[at];
    if (own) role.label = singularLabel(own, language).slice(0, 80);
    else if (known) role.label = known;
    if (role.label !== english) renamed.set(english, role.label);
  }
  for (const table of tables) {
    for (const column of table.columns) {
      const label = column.label ?? "";
      const linked = renamed.get(label);
      if (linked && (column.name.endsWith("_id") || column.type === "user")) column.label = linked.slice(0, 80);
      else localizeColumn(column, at, originals);
    }
  }
}

function localizeColumn(column: ColumnDef, at: number, originals: ReadonlyMap<string, string>) {
  const label = column.label ?? "";
  const known = LABELS[label]?.[at];
  const own = known ?? original(label, originals);
  if (own) column.label = own;
  if (column.enum) {
    const values = column.enum.map((v) => VALUES[v]?.[at] ?? v);
    // Values the founder wrote stay as written; two English values with one translation stay apart.
    if (new Set(values).size === values.length) {
      if (typeof column.default === "string") column.default = VALUES[column.default]?.[at] ?? column.default;
      column.enum = values;
    }
  }
}
