/** The closest of `candidates` to a misspelt `name`, for "did you mean …?" hints. */

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

const fold = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");

/** The nearest candidate within a third of the name's length (at least 2 edits), or undefined. */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = fold(name);
  let best: { name: string; cost: number } | undefined;
  for (const candidate of candidates) {
    const folded = fold(candidate);
    // A name contained in the other ("stage" in "stage_name") counts as half its extra letters.
    const contained = folded.includes(wanted) || wanted.includes(folded);
    const cost = Math.min(
      distance(wanted, folded),
      contained ? Math.max(1, Math.ceil(Math.abs(folded.length - wanted.length) / 2)) : Number.POSITIVE_INFINITY,
    );
    if (!best || cost < best.cost) best = { name: candidate, cost };
  }
  if (!best || best.name === name) return undefined;
  return best.cost <= Math.max(2, Math.floor(wanted.length / 3)) ? best.name : undefined;
}

/** ` (did you mean "contacts"?)`, or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestName(name, candidates);
  return near === undefined ? "" : ` (did you mean "${near}"?)`;
}
