// The dashboard's stylesheet, served as /assets/dashboard.css: the reports' shared stylesheet (so
// tables, tiles and badges look the same in the dashboard and in the HTML reports) plus the
// dashboard's frame (top bar, cards, forms). System fonts only: nothing is downloaded.

import { REPORT_CSS } from '../../reports/report-css.js';

const DASHBOARD_CSS = `
body { background: #f6f8fa; }
.topbar { display: flex; align-items: center; gap: 28px; padding: 0 32px; height: 52px; background: #1f2328; color: #fff; }
.topbar .brand { font-weight: 700; font-size: 16px; letter-spacing: 0.2px; color: #fff; }
.topbar .brand span { color: #9198a1; font-weight: 400; margin-left: 8px; font-size: 13px; }
.topbar nav { margin: 0; gap: 4px; }
.topbar nav a { color: #d1d9e0; padding: 6px 12px; border-radius: 6px; }
.topbar nav a:hover { background: #32383f; text-decoration: none; }
.topbar nav a.active { background: #fff; color: #1f2328; font-weight: 600; }
main { margin: 0 auto; padding: 20px 32px 48px; max-width: 1280px; }
h1 { font-size: 21px; margin: 4px 0 2px; }
h1 .sub { color: var(--muted); font-weight: 400; font-size: 15px; margin-left: 6px; }
.lead { color: var(--muted); margin: 0 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 0 0 16px; min-width: 0; }
section.card { margin-top: 0; }
.card h2 { font-size: 16px; margin: 0 0 10px; display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.card h2 .aside { margin-left: auto; font-size: 13px; font-weight: 400; }
.card h3 { margin: 12px 0 6px; font-size: 14px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; align-items: start; }
.grid { margin-bottom: 16px; }
.grid > .card, .stack > .card:last-child { margin-bottom: 0; }

table.wide { width: 100%; }
th, td { padding: 5px 12px 5px 0; }
tbody tr:hover { background: #f6f8fa; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; word-break: break-word; }
.badge.ok, .badge.pass, .badge.climb { background: #ecfdf3; border-color: #abefc6; color: var(--ok); }
.badge.fail, .badge.failed { background: var(--blocking-bg); border-color: #fecdca; color: var(--blocking); }
.badge.stay, .badge.running { background: var(--warning-bg); border-color: #fedf89; color: var(--warning); }
.badge.baseline, .badge.alias { background: var(--info-bg); border-color: #b2ddff; color: var(--info); }
.badge.forced { background: var(--warning); border-color: var(--warning); color: #fff; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: flex-end; }
form.filters label { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--muted); }
form.filters input, form.filters select { font: inherit; font-size: 13px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--fg); width: 132px; height: 32px; }
form.filters input[name="metric"], form.filters input[name="sort"] { width: 170px; }
button, .button { font: inherit; font-size: 13px; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--line); background: #fff; color: var(--fg); cursor: pointer; display: inline-block; }
button.primary { background: #1f883d; border-color: #1a7f37; color: #fff; font-weight: 600; }
button:disabled { opacity: 0.5; cursor: not-allowed; }
.toolbar { display: flex; align-items: center; gap: 12px; margin: 0 0 10px; }
.toolbar .count { color: var(--muted); }
td.select, th.select { width: 28px; }
tr.selected { background: var(--info-bg); }
tr.differs { background: var(--warning-bg); }
td.best { font-weight: 700; }
table.compare, table.metrics, table.differences { min-width: 55%; }
table.compare th, table.compare td, table.metrics th, table.metrics td, table.differences th, table.differences td { padding-right: 24px; }
.nowrap { white-space: nowrap; }
tr.differs th::after { content: " ≠"; color: var(--warning); font-weight: 700; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 12px 24px; }
.charts .chart, .chart-wide { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; background: #fff; min-width: 0; }
.chart-wide { margin-top: 12px; }
.chart h3, .chart-wide h3 { margin: 0 0 4px; }
.side-by-side { display: flex; flex-wrap: wrap; gap: 12px 32px; align-items: flex-start; margin: 8px 0 12px; }
table caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 2px; }
td.better { color: var(--ok); font-weight: 600; }
td.worse { color: var(--blocking); font-weight: 600; }
tr.ml-metric { background: var(--info-bg); }
.test-looks { display: inline-block; font-size: 12.5px; padding: 1px 10px; border-radius: 6px; font-weight: 600; border: 1px solid var(--info); background: var(--info-bg); color: var(--info); }
.test-looks.repeated { border-color: var(--warning); background: var(--warning-bg); color: var(--warning); }
.callout.infeasible { border-left-color: var(--blocking); background: var(--blocking-bg); }
.comparison { margin-bottom: 14px; }
.conditions { margin: 6px 0 0; padding: 0; list-style: none; }
.conditions li { padding: 4px 0; border-top: 1px dashed var(--line); }
.conditions .required { color: var(--muted); font-size: 12px; }
.error-page { max-width: 720px; }
.error-page .hint { color: var(--muted); }
pre.json { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; font-size: 12px; }
`;

export const STYLESHEET = `${REPORT_CSS}\n${DASHBOARD_CSS}`;
