// The look every report chart shares — system font, no frame around the plot, transparent
// background, quiet axes — and the colours that mean the same thing in every report.

import type { VegaLiteSpec } from './vega.js';

export const SEVERITY_COLORS = {
  blocking: '#b42318',
  warning: '#a15c07',
  info: '#175cd3',
  none: '#7d8da1',
} as const;

/** The main series colour. */
export const SERIES_COLOR = '#4e79a7';
/** Reference lines: chance, perfect calibration, an overall value. */
export const REFERENCE_COLOR = '#57606a';

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

const CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelColor: '#3d4752', titleColor: '#3d4752', domainColor: '#8c959f', tickColor: '#8c959f', gridColor: '#eaeef2', labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
  legend: { labelFontSize: 11, titleFontSize: 11 },
} as const;

/** A Vega-Lite spec with the shared look. */
export function styledSpec(body: Record<string, unknown>): VegaLiteSpec {
  return { background: 'transparent', config: CONFIG, ...body } as unknown as VegaLiteSpec;
}
