// "Did you mean …?" suggestions for mistyped names: column names, config keys, model kinds.

/** Levenshtein distance with a single reused row: O(|a|·|b|) time, O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const row = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length]!;
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
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** A hint sentence such as `did you mean "churn"?`, or undefined when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const names = closestNames(name, known);
  if (names.length === 0) return undefined;
  return `did you mean ${names.map((n) => JSON.stringify(n)).join(' or ')}?`;
}
