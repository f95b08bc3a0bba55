// Public entry of reports/: self-contained HTML reports with charts rendered to inline SVG.

export { renderAuditReport, AUDIT_SECTION_IDS } from './audit-report.js';
export type * from './audit-report-input.js';
export { renderVegaLiteSvg } from './vega.js';
export type { VegaLiteSpec, VegaSvgOptions } from './vega.js';
export { htmlPage, escapeHtml } from './html.js';
export type { HtmlPageOptions, HtmlSection } from './html.js';
export { renderEvaluationReport, EVALUATION_SECTION_IDS } from './evaluation-report.js';
export type { EvaluationReportOptions } from './evaluation-report.js';
