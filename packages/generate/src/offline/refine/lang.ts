/**
 * The common change sentences in Spanish, French, German and Portuguese, rewritten to
 * the English the edits read. Field, table and role names stay as written: they are
 * the app's own names, which the founder sees on screen.
 */
import { readable } from "../words.js";

const ART = String.raw`(?:(?:el|la|los|las|le|les|l'|der|die|das|den|dem|o|a|os|as|un|una|une|um|uma|ein|eine|einen)\s*)?`;
const FIELD = String.raw`(?:(?:campo|columna|champ|colonne|feld|spalte|coluna)\s+)?`;
const TABLE = String.raw`(?:(?:tabla|table|tabelle|tabela)\s+)?`;

const RULES: [RegExp, string][] = [
  // a read-only role ("añade un rol de lector de solo lectura"); before "add … to …", which " en " would match
  [
    /^(?:añade|añadir|agrega|agregar|crea|crear)\s+(?:un\s+)?rol\s+(?:de\s+)?([\p{L}_-]+)\s+(?:de\s+)?(?:solo|sólo)\s+lectura$/u,
    "add a read-only $1 role",
  ],
  [
    /^(?:ajoute|ajouter|crée|créer)\s+(?:un\s+)?rôle\s+(?:de\s+)?([\p{L}_-]+)\s+en\s+lecture\s+seule$/u,
    "add a read-only $1 role",
  ],
  [/^füge\s+(?:eine\s+)?(?:schreibgeschützte|nur-lese-)\s*rolle\s+([\p{L}_-]+)\s+hinzu$/u, "add a read-only $1 role"],
  [
    /^füge\s+(?:eine\s+)?rolle\s+([\p{L}_-]+)\s+(?:mit\s+)?(?:nur\s+)?(?:lesezugriff|zum\s+lesen)\s+hinzu$/u,
    "add a read-only $1 role",
  ],
  [
    /^(?:adicione|adicionar|adiciona|crie|criar)\s+(?:um\s+)?(?:papel|perfil)\s+(?:de\s+)?([\p{L}_-]+)\s+(?:somente|só|apenas)\s+(?:de\s+)?leitura$/u,
    "add a read-only $1 role",
  ],
  // remove a field from a table
  [
    new RegExp(
      String.raw`^(?:elimina|eliminar|quita|quitar|borra|borrar|supprime|supprimer|enlève|enlever|retire|retirer|entferne|lösche|remova|remover|exclua|apague)\s+${ART}${FIELD}(.+?)\s+(?:de|del|des|du|de la|aus|von|da|do|dos|das)\s+${ART}${TABLE}(.+)$`,
    ),
    "remove $1 from $2",
  ],
  // add a field to a table
  [
    new RegExp(
      String.raw`^(?:añade|añadir|agrega|agregar|ajoute|ajouter|adicione|adicionar|adiciona)\s+${ART}${FIELD}(.+?)\s+(?:a|al|à|aux|au|ao|aos|à|às|en|em|na|no)\s+${ART}${TABLE}(.+)$`,
    ),
    "add $1 to $2",
  ],
  [new RegExp(String.raw`^füge\s+${ART}${FIELD}(.+?)\s+(?:zu|zur|zum)\s+${ART}${TABLE}(.+?)\s+hinzu$`), "add $1 to $2"],
  // rename
  [
    new RegExp(
      String.raw`^(?:renombra|renombrar|renomme|renommer|renomeie|renomear)\s+${ART}${FIELD}(.+?)\s+(?:a|como|por|en|para)\s+(.+)$`,
    ),
    "rename $1 to $2",
  ],
  [new RegExp(String.raw`^benenne\s+${ART}${FIELD}(.+?)\s+in\s+(.+?)\s+um$`), "rename $1 to $2"],
  // required / optional
  [
    new RegExp(
      String.raw`^(?:haz|hacer|pon|rends|rendre|torne|tornar|deixe|mache|mach)\s+${ART}${FIELD}(.+?)\s+(?:obligatori[oa]|obligatoire|obrigatóri[oa]|zum pflichtfeld|pflicht|verpflichtend)$`,
    ),
    "make $1 required",
  ],
  [
    new RegExp(
      String.raw`^(?:haz|hacer|pon|rends|rendre|torne|tornar|deixe|mache|mach)\s+${ART}${FIELD}(.+?)\s+(?:opcional|facultati(?:f|ve)|optionnel(?:le)?|optional)$`,
    ),
    "make $1 optional",
  ],
  [
    new RegExp(
      String.raw`^${ART}${FIELD}(.+?)\s+(?:es|est|ist|é)\s+(?:obligatori[oa]|obligatoire|obrigatóri[oa]|pflicht)$`,
    ),
    "make $1 required",
  ],
  // theme
  [
    /\b(?:modo oscuro|tema oscuro|mode sombre|thème sombre|dunkelmodus|dunkler modus|dunkles design|modo escuro|tema escuro)\b/,
    "use dark mode",
  ],
  [/\b(?:modo claro|tema claro|mode clair|thème clair|hellmodus|heller modus|helles design)\b/, "use light mode"],
];

const COLOURS: Record<string, string> = {
  rojo: "red",
  rouge: "red",
  rot: "red",
  vermelho: "red",
  verde: "green",
  vert: "green",
  grün: "green",
  azul: "blue",
  bleu: "blue",
  blau: "blue",
  morado: "purple",
  violeta: "purple",
  violet: "purple",
  lila: "purple",
  roxo: "purple",
  naranja: "orange",
  orange: "orange",
  laranja: "orange",
  rosa: "pink",
  rose: "pink",
  negro: "black",
  noir: "black",
  schwarz: "black",
  preto: "black",
};

/** `\b` for words with accents: JavaScript's `\b` ends "só" and starts "ändern" in the wrong place. */
function lettered(pattern: RegExp): RegExp {
  const letter = String.raw`[\p{L}\p{N}_]`;
  const edge = `(?:(?<!${letter})(?=${letter})|(?<=${letter})(?!${letter}))`;
  return new RegExp(pattern.source.replaceAll(String.raw`\b`, edge), pattern.flags);
}

/**
 * Who may do what and on which rows, after the planner's glossary (`readable`) has put
 * the nouns, "only", "see", "their own" in English: the modals, verbs, negations and
 * "assigned to them" of each language, in the order they must be replaced.
 */
const ACCESS: [RegExp, string][] = (
  [
    // "assigned to them"
    [
      /\b(?:que\s+)?(?:tienen\s+|les\s+(?:están\s+|son\s+)?)asignad[oa]s\b|\basignad[oa]s\s+a\s+(?:ellos|ellas)\b/gu,
      "assigned to them",
    ],
    [
      /\bqui\s+leur\s+sont\s+(?:assigné|attribué|affecté)e?s\b|\b(?:assigné|attribué)e?s\s+à\s+(?:eux|elles)\b/gu,
      "assigned to them",
    ],
    [/,?\s*die\s+ihnen\s+(?:zugewiesen|zugeordnet)\s+(?:sind|wurden)\b/gu, " assigned to them"],
    [/\b(?:que\s+lhes\s+(?:são|foram)\s+)?(?:atribuíd|designad)[oa]s(?:\s+a\s+(?:eles|elas))?\b/gu, "assigned to them"],
    // "but not edit them"
    [
      /\s*,?\s*(?:pero|mais|aber|mas)\s+(?:ne\s+peuvent\s+)?(?:no|pas|nicht|não)\s+(?:les\s+)?(?:editarl[oa]s|modificarl[oa]s|cambiarl[oa]s|editar|modificar|modifier|bearbeiten|ändern|editá-l[oa]s|alterá-l[oa]s|alterar)\b/gu,
      " but not edit them",
    ],
    [
      /\s*,?\s*(?:pero|mais|aber|mas)\s+(?:no|pas|nicht|não)\s+(?:les\s+)?(?:borrarl[oa]s|eliminarl[oa]s|borrar|eliminar|supprimer|löschen|excluí-l[oa]s|excluir|apagar)\b/gu,
      " but not delete them",
    ],
    // "only"
    [/\b(?:seul(?:e)?s|somente|só)\b/gu, "only"],
    // modals, negated first
    [/\b(?:no|não)\s+(?:pueden|puede|podem|pode)\b|\bne\s+(?:peuvent|peut)\s+pas\b/gu, "cannot"],
    [/\b(?:pueden|puede|peuvent|peut|podem|pode)\b/gu, "can"],
    // verbs
    [/\b(?:ver|voir|ansehen)\b/gu, "see"],
    [
      /\b(?:editar|modificar|cambiar|editan|modifican|modifier|modifient|changer|éditer|bearbeiten|ändern|alterar|editam|alteram)\b/gu,
      "edit",
    ],
    [/\b(?:borrar|eliminar|borran|supprimer|suppriment|effacer|löschen|excluir|apagar|excluem)\b/gu, "delete"],
    [/\b(?:crear|añadir|agregar|créer|ajouter|anlegen|erstellen|criar|adicionar|cadastrar)\b/gu, "add"],
    // "ne voient que les tickets": "see only the tickets"
    [/\bne\s+((?:can\s+)?\w+)\s+que\b/gu, "$1 only"],
    [/\b(?:los|las|el|les|le|la|l'|os|as|o|die|der|das|den|dem|ihre)\s+/gu, ""],
  ] as [RegExp, string][]
).map(([pattern, words]) => [lettered(pattern), words]);

/** German puts the verb last: "agenten können tickets sehen, aber nicht bearbeiten". */
const GERMAN = lettered(
  /^(only\s+)?(.+?)\s+(?:können|kann|dürfen|darf)\s+(nicht\s+)?(.+?)\s+(nicht\s+)?(see|manage|edit|delete|add)( but not \w+ them)?$/u,
);

/** The clause in English when it is one of the known sentences in another language; otherwise unchanged. */
export function toEnglish(clause: string): string {
  for (const [pattern, english] of RULES) if (pattern.test(clause)) return clause.replace(pattern, english).trim();
  const colour = clause.match(/\b(?:color|couleur|farbe|cor)\b.*?\b([a-zäöüéèàáóúêç]+)$/);
  const name = colour?.[1] ? COLOURS[colour[1]] : undefined;
  if (name) return `make the colour ${name}`;
  const { text, language } = readable(clause);
  if (language === "en" || language === "unknown") return clause;
  let english = text;
  for (const [pattern, words] of ACCESS) english = english.replace(pattern, words);
  english = english.replace(
    GERMAN,
    (_, only = "", who, not1, what, not2, verb, butNot = "") =>
      `${only}${who} ${not1 || not2 ? "cannot" : "can"} ${verb} ${what}${butNot}`,
  );
  return english.replace(/\s+/g, " ").trim();
}
