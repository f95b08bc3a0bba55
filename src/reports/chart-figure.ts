// Charts placed in a page: each rendered SVG gets its own id prefix (`chart-1`, `chart-2`, …) so
// clip paths and gradients of different charts never collide and the page is reproducible.

import { escapeHtml } from './html.js';
import { renderVegaLiteSvg } from './vega.js';
import type { VegaLiteSpec } from './vega.js';

export interface ChartFigureOptions {
  /** Plain text under the chart (escaped). */
  caption?: string;
  /** Plain text for screen readers (escaped). */
  label: string;
  className?: string;
}

/** Renders charts for one page; call `figure` in page order. */
export class ChartFigures {
  private count = 0;

  async figure(spec: VegaLiteSpec, options: ChartFigureOptions): Promise<string> {
    this.count += 1;
    const svg = await renderVegaLiteSvg(spec, { idPrefix: `chart-${this.count}` });
    const caption = options.caption === undefined ? '' : `<figcaption>${escapeHtml(options.caption)}</figcaption>`;
    const className = options.className === undefined ? '' : ` class="${escapeHtml(options.className)}"`;
    return `<figure${className} role="img" aria-label="${escapeHtml(options.label)}">${svg}${caption}</figure>`;
  }
}
