// The frame every Flywheel HTML report shares: escaping of user text and one self-contained page
// (inline CSS, no scripts, nothing loaded) made of titled sections with stable ids.

import { FlywheelError } from '../core/errors.js';
import { REPORT_CSS } from './report-css.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface HtmlSection {
  /** Stable anchor id (`summary`, `findings`): lowercase letters, digits and dashes. */
  id: string;
  /** Plain text, escaped by htmlPage. */
  title: string;
  /** Trusted HTML built by the caller: user text in it must already be escaped with escapeHtml. */
  html: string;
}

export interface HtmlPageOptions {
  /** Plain text, escaped: the document title and the page heading. */
  title: string;
  sections: readonly HtmlSection[];
  /** Trusted HTML shown under the heading (metadata such as source and time). */
  headerHtml?: string;
  /** Extra CSS appended to the shared stylesheet. */
  css?: string;
}

const SECTION_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Whether the page can fetch or run anything: the Content-Security-Policy forbids every load except
 * inline styles and data: images, so even a missed escape cannot load a script or phone home.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** One complete HTML document: inline stylesheet, a table of contents, then the sections in order. */
export function htmlPage(options: HtmlPageOptions): string {
  const seen = new Set<string>();
  for (const section of options.sections) {
    if (!SECTION_ID.test(section.id) || seen.has(section.id)) {
      throw new FlywheelError('internal', `report section id "${section.id}" is not a unique lowercase-dashed id`, {
        hint: 'give each section a distinct id such as "summary" or "class-balance"',
      });
    }
    seen.add(section.id);
  }
  const nav = options.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const body = options.sections
    .map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`)
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>\n${REPORT_CSS}${options.css ?? ''}\n</style>`,
    '</head>',
    '<body>',
    '<header class="page-header">',
    `<h1>${escapeHtml(options.title)}</h1>`,
    options.headerHtml ?? '',
    `<nav aria-label="Sections">${nav}</nav>`,
    '</header>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
