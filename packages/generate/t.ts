import { planOffline } from "./src/index.ts";
const ps = process.argv.slice(2);
for (const p of ps) {
  const r = planOffline(p);
  if (!r.ok) { console.log(p, "=>", r.reason, JSON.stringify(r.problems).slice(0,800)); continue; }
  const bp = r.blueprint;
  console.log("##", p);
  console.log(" tables:", bp.data.tables.map(t => `${t.name}(${t.columns.map(c=>c.name+(c.enum?"["+c.enum.join("|")+"]":"")).join(",")})`).join("\n   "));
  console.log(" rels:", bp.data.relationships.map(r => `${r.fromTable}.${r.fromColumn}->${r.toTable}`).join(" "));
  console.log(" roles:", bp.security.roles.map(r=>r.name).join(","), " filters:", bp.security.rowFilters.map(f=>`${f.role}@${f.resource}:${JSON.stringify(f.filter)}`).join(" "));
  console.log(" assumptions:", r.assumptions.join(" | "));
}
