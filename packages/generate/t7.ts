import { planOffline } from "./src/index.ts";
import { OFFLINE_PROMPTS } from "./src/testing/offline-prompts.ts";

for (const { prompt } of OFFLINE_PROMPTS) planOffline(prompt);
const s: number[] = [];
for (let r = 0; r < 10; r++)
  for (const { prompt } of OFFLINE_PROMPTS) {
    const t = performance.now();
    planOffline(prompt);
    s.push(performance.now() - t);
  }
s.sort((a, b) => a - b);
console.log(
  "p50",
  s[Math.floor(s.length * 0.5)].toFixed(1),
  "p95",
  s[Math.floor(s.length * 0.95)].toFixed(1),
  "max",
  s.at(-1)?.toFixed(1),
);
