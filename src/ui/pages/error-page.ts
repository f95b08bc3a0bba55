// The page shown for an expected failure (an unknown run, a bad filter) with what went wrong and how
// to fix it, and for anything else a plain message without internals.

import { escapeHtml, pageHtml } from './layout.js';

export interface ErrorPageOptions {
  status: number;
  title: string;
  message: string;
  hint?: string | undefined;
  project: string;
}

export function errorPage(options: ErrorPageOptions): string {
  const hint = options.hint === undefined ? '' : `<p class="hint">${escapeHtml(options.hint)}</p>`;
  const body = `<div class="error-page card"><h1>${escapeHtml(options.title)}<span class="sub">${options.status}</span></h1><p class="message">${escapeHtml(options.message)}</p>${hint}<p><a href="/">Overview</a> · <a href="/runs">Runs</a> · <a href="/registry">Registry</a></p></div>`;
  return pageHtml({ title: options.title, project: options.project, active: 'none', body });
}
