// The shared stylesheet of HTML reports: system fonts only (nothing to download), readable tables,
// severity colours, and print rules so a report survives being saved as PDF.

export const REPORT_CSS = `
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa;
  --blocking: #b42318; --blocking-bg: #fef3f2; --warning: #a15c07; --warning-bg: #fffaeb;
  --info: #175cd3; --info-bg: #eff8ff; --ok: #067647;
}
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.page-header { padding: 20px 32px 12px; border-bottom: 1px solid var(--line); background: var(--soft); }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 0 0 12px; font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0; font-size: 15px; word-break: break-word; }
main { padding: 8px 32px 48px; max-width: 1400px; }
section { margin-top: 28px; }
nav { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a, a { color: var(--info); text-decoration: none; }
nav a:hover, a:hover { text-decoration: underline; }
.meta { color: var(--muted); margin: 0; display: flex; flex-wrap: wrap; gap: 2px 20px; }
.meta b { color: var(--fg); font-weight: 600; }
.muted { color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 16px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.tile .value { font-size: 20px; font-weight: 600; }
.tile .label { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 11.5px; font-weight: 600;
  border: 1px solid var(--line); background: var(--soft); color: var(--muted); margin: 0 4px 2px 0; white-space: nowrap; }
.sev-blocking .badge.sev, .badge.sev-blocking { background: var(--blocking); border-color: var(--blocking); color: #fff; }
.sev-warning .badge.sev, .badge.sev-warning { background: var(--warning); border-color: var(--warning); color: #fff; }
.sev-info .badge.sev, .badge.sev-info { background: var(--info); border-color: var(--info); color: #fff; }
.tile.sev-blocking { border-color: var(--blocking); background: var(--blocking-bg); }
.tile.sev-warning { border-color: var(--warning); background: var(--warning-bg); }
.tile.sev-info { border-color: var(--info); background: var(--info-bg); }
.finding { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; padding: 10px 14px; margin-bottom: 10px; }
.finding.sev-blocking { border-left-color: var(--blocking); background: var(--blocking-bg); }
.finding.sev-warning { border-left-color: var(--warning); background: var(--warning-bg); }
.finding.sev-info { border-left-color: var(--info); background: var(--info-bg); }
.finding .message { margin: 6px 0; font-weight: 500; }
.finding .hint { margin: 6px 0 0; color: var(--muted); }
.finding table { margin-top: 6px; background: rgba(255, 255, 255, 0.6); }
.callout { border-left: 4px solid var(--warning); background: var(--warning-bg); padding: 6px 12px; margin: 8px 0; }
.columns-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 14px; }
.column-card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; break-inside: avoid; }
.column-card header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px; margin-bottom: 6px; }
.column-card .body { display: flex; flex-wrap: wrap; gap: 8px 16px; }
.column-card .chart { flex: 1 1 200px; min-width: 0; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 12px; }
svg { max-width: 100%; height: auto; }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--info); }
ul.questions { margin: 4px 0; padding-left: 20px; }
@media print {
  .page-header { background: none; }
  nav { display: none; }
  main { padding: 0 16px; }
  .finding, .column-card, figure { break-inside: avoid; }
}
`;
