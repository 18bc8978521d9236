import { readable } from "./src/offline/words.ts";
import { readPrompt } from "./src/offline/read.ts";
import { ROLE_WORDS } from "./src/offline/security.ts";
const LEXICON = { known: new Map(ROLE_WORDS.flatMap((r) => r.words.map((w) => [w, { name: r.name, label: r.label, privileged: r.privileged, readOnly: r.readOnly, contextual: r.contextual }] as const))) };
const r = readPrompt(readable(process.argv[2]).text, LEXICON as any);
console.log(JSON.stringify({things: r.things.map(t=>t.table), roles: r.roles.map(x=>x.name), rules: r.rules, links: r.links, choices: r.choices}, null, 0));
