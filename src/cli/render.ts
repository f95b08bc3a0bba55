// Human rendering for the terminal: aligned tables and number formats. JSON output never goes through here.

export function table(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}

export function pct(share: number, digits = 1): string {
  return `${(100 * share).toFixed(digits)}%`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** "1 time", "3 times". */
export function times(n: number): string {
  return `${n} time${n === 1 ? '' : 's'}`;
}
