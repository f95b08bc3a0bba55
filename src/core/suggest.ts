// "Did you mean …?" suggestions for mistyped names: column names, config keys, model kinds.

/**
 * Edit distance counting insertions, deletions, substitutions and transpositions of neighbours
 * ("sede" → "seed" is one edit): the optimal-string-alignment variant of Damerau–Levenshtein.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/**
 * The known names closest to `name`, best first. Case and separators (`_`, `-`, space) are ignored
 * when comparing, and a candidate is kept only when it is reasonably close (at most a third of the
 * longer name's letters differ) or contains the name.
 */
export function closestNames(name: string, known: readonly string[], limit = 3): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  const target = norm(name);
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of known) {
    const c = norm(candidate);
    const distance = editDistance(target, c);
    const threshold = Math.max(1, Math.floor(Math.max(target.length, c.length) / 3));
    if (distance <= threshold || (target.length >= 3 && (c.includes(target) || target.includes(c)))) {
      scored.push({ candidate, distance });
    }
  }
  scored.sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  // A name equal up to case and separators is the answer; others would only distract.
  const best = scored[0]?.distance === 0 ? scored.filter((s) => s.distance === 0) : scored;
  return best.slice(0, limit).map((s) => s.candidate);
}

/** A hint sentence such as `did you mean "churn"?`, or undefined when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const names = closestNames(name, known);
  if (names.length === 0) return undefined;
  return `did you mean ${names.map((n) => JSON.stringify(n)).join(' or ')}?`;
}
