// Number formatting for reports: fixed en-US grouping so the same input always gives the same page,
// and a dash for anything that is not a finite number (JSON turns NaN into null).

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const DASH = '—';

/** A count or measurement: integers grouped (`7,043`), other numbers to `digits` significant digits. */
export function formatNumber(value: unknown, digits = 4): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value === Infinity ? '∞' : value === -Infinity ? '−∞' : DASH;
  if (Number.isInteger(value)) return INTEGER.format(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 10 ** digits) return INTEGER.format(value);
  if (magnitude < 1e-3) return value.toExponential(Math.max(0, digits - 2));
  return String(Number(value.toPrecision(digits)));
}

/** A percentage already on the 0–100 scale (the `_pct` fields): one decimal, `<0.1%` for tiny shares. */
export function formatPercent(pct: unknown): string {
  if (typeof pct !== 'number' || !Number.isFinite(pct)) return DASH;
  if (pct > 0 && pct < 0.1) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

/** A rate on the 0–1 scale (`positive_rate`, `accuracy_of_majority`), shown as a percentage. */
export function formatRate(rate: unknown): string {
  return typeof rate === 'number' ? formatPercent(rate * 100) : DASH;
}
