/**
 * The common change sentences in Spanish, French, German and Portuguese, rewritten to
 * the English the edits read. Field, table and role names stay as written: they are
 * the app's own names, which the founder sees on screen.
 */
const ART = String.raw`(?:(?:el|la|los|las|le|les|l'|der|die|das|den|dem|o|a|os|as|un|una|une|um|uma|ein|eine|einen)\s*)?`;
const FIELD = String.raw`(?:(?:campo|columna|champ|colonne|feld|spalte|coluna)\s+)?`;
const TABLE = String.raw`(?:(?:tabla|table|tabelle|tabela)\s+)?`;

const RULES: [RegExp, string][] = [
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

/** The clause in English when it is one of the known sentences in another language; otherwise unchanged. */
export function toEnglish(clause: string): string {
  for (const [pattern, english] of RULES) if (pattern.test(clause)) return clause.replace(pattern, english).trim();
  const colour = clause.match(/\b(?:color|couleur|farbe|cor)\b.*?\b([a-zäöüéèàáóúêç]+)$/);
  const name = colour?.[1] ? COLOURS[colour[1]] : undefined;
  if (name) return `make the colour ${name}`;
  return clause;
}
