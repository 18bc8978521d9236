/** Field inference: a field phrase the founder wrote → a typed column with sensible rules. */
import { SYSTEM_COLUMNS } from "@plinth/blueprint";
import {
  type ColumnDef,
  choice,
  count,
  day,
  email,
  flag,
  image,
  link,
  moment,
  money,
  notes,
  PRIORITY,
  phone,
  rating,
  STATUS,
  text,
} from "./columns.js";
import { safeIdentifier, titleCase } from "./words.js";

const ENUMS: Record<string, string[]> = {
  status: STATUS,
  state: STATUS,
  priority: PRIORITY,
  severity: ["minor", "major", "critical"],
  stage: ["new", "in_progress", "review", "done"],
  size: ["small", "medium", "large"],
  condition: ["new", "good", "fair", "poor"],
  health: ["healthy", "watch", "sick"],
  health_status: ["healthy", "watch", "sick"],
  level: ["beginner", "intermediate", "advanced"],
  difficulty: ["easy", "medium", "hard"],
  gender: ["female", "male", "other", "unspecified"],
  payment_status: ["unpaid", "paid", "refunded"],
  approval_status: ["pending", "approved", "rejected"],
};

const RULES: [RegExp, (name: string, label: string) => ColumnDef][] = [
  [/(^|_)e_?mail(_address)?$/, (n, l) => email(n, l)],
  [/(^|_)(phone|mobile|telephone|tel)(_number)?$/, (n, l) => phone(n, l)],
  [/(^|_)(url|website|link|homepage|site)$/, (n, l) => link(n, l)],
  [/(^|_)(photo|image|picture|logo|avatar|cover|thumbnail|headshot)(_url)?$/, (n, l) => image(n, l)],
  [/(^|_)colou?r$/, (n, l) => text(n, l, { format: "color" })],
  [/(^|_)(rating|stars)$/, (n, l) => rating(n, l)],
  [
    /(^|_)(percent|percentage|rate|progress|discount|completion)$/,
    (n, l) => ({ name: n, label: l, type: "float", format: "percent", min: 0, max: 100 }),
  ],
  [
    /(^|_)(amount|price|cost|total|salary|budget|fee|revenue|balance|value|rent|wage|pay|payout|deposit)$/,
    (n, l) => money(n, l),
  ],
  [
    /(^|_)(hours|weight|height|distance|temperature|score|latitude|longitude)$/,
    (n, l) => ({ name: n, label: l, type: "float" }),
  ],
  [
    /(^|_)(quantity|qty|count|age|stock|capacity|seats|year|minutes|duration|number_of_\w+|headcount|mileage|points)$/,
    (n, l) => count(n, l),
  ],
  [/(^|_)(date|deadline|birthday|dob|due|due_date|day)$|_(on|date)$/, (n, l) => day(n === "due" ? "due_date" : n, l)],
  [
    /(^|_)(time|datetime|timestamp|when)$|_at$|^(start|end|starts|ends)$/,
    (n, l) => moment(/^(start|end)$/.test(n) ? `${n}s_at` : n, l),
  ],
  [
    /^(is|has)_|^(active|paid|done|completed|approved|archived|verified|billable|published|urgent|confirmed|returned|vaccinated)$/,
    (n, l) => flag(n, l),
  ],
  [/(^|_)(description|notes|bio|comments|body|content|summary|details|instructions|feedback)$/, (n, l) => notes(n, l)],
];

/** The column for a field phrase, or null when no safe column name can be made from it. */
export function inferColumn(phrase: string): ColumnDef | null {
  const cleaned = phrase.replace(/^(?:a|an|the|its|their|his|her) /, "").trim();
  let name = safeIdentifier(cleaned, 28);
  if (!name) return null;
  if ((SYSTEM_COLUMNS as readonly string[]).includes(name)) return null;
  if (name === "name" || name === "title") return text(name, titleCase(name), { required: true, maxLength: 200 });
  const label = titleCase(cleaned).slice(0, 80);
  const values = ENUMS[name];
  if (values) return choice(name, label, values, name === "priority" ? { default: "medium" } : {});
  for (const [pattern, make] of RULES) if (pattern.test(name)) return make(name, label);
  if (name.endsWith("_id")) name = `${name.slice(0, -3)}_ref`;
  return text(name, label, { maxLength: 500 });
}
