// Server-side chart rendering: a Vega-Lite spec is compiled to Vega and rendered to an SVG string in
// Node with no DOM (`renderer: 'none'` → `toSVG()`), so reports can inline their charts and load nothing.

import { parse, View } from 'vega';
import type { Loader, LoggerInterface } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { FlywheelError } from '../core/errors.js';

export type { TopLevelSpec as VegaLiteSpec } from 'vega-lite';

export interface VegaSvgOptions {
  /**
   * Renames the SVG's internal ids (clip paths, gradients) to `<idPrefix>-0`, `<idPrefix>-1`, …
   * Vega numbers them with a process-wide counter, so without a prefix the output differs from call
   * to call; with a distinct prefix per chart, many SVGs share one HTML page and the page is
   * byte-for-byte reproducible.
   */
  idPrefix?: string;
  /** Receives Vega-Lite and Vega warnings (ignored by default: they are about the spec, not the data). */
  onWarning?: (message: string) => void;
}

// Vega's log levels (vega-util): 1 = errors only, 2 = errors and warnings.
const LOG_ERROR = 1;
const LOG_WARN = 2;

/** A Vega logger that hands warnings to a callback and keeps errors for the caller to throw. */
function collectingLogger(onWarning: ((message: string) => void) | undefined, errors: string[]): LoggerInterface {
  let level = onWarning === undefined ? LOG_ERROR : LOG_WARN;
  const text = (args: unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const log: LoggerInterface = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return log;
    },
    error(...args: unknown[]) {
      if (level >= LOG_ERROR) errors.push(text(args));
      return log;
    },
    warn(...args: unknown[]) {
      if (level >= LOG_WARN) onWarning?.(text(args));
      return log;
    },
    info() {
      return log;
    },
    debug() {
      return log;
    },
  };
  return log;
}

/**
 * Reports never load anything: data comes inline, and a URL in a spec is a mistake, not a fetch. Vega
 * downgrades a failed load to a warning and renders an empty chart, so refusals are recorded here and
 * turned into an error once rendering is done.
 */
function offlineLoader(refused: string[]): Loader {
  const refuse = async (uri: string): Promise<never> => {
    refused.push(uri);
    throw new Error(`reports do not load ${uri}`);
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

const ID_ATTRIBUTE = /\sid="([^"]+)"/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Renames every id defined in the SVG, and every `#id` reference to it, to `<prefix>-<n>`. */
function prefixIds(svg: string, prefix: string): string {
  const ids = [...new Set([...svg.matchAll(ID_ATTRIBUTE)].map((m) => m[1]!))];
  if (ids.length === 0) return svg;
  const renamed = new Map(ids.map((id, i) => [id, `${prefix}-${i}`]));
  const pattern = new RegExp(`(\\sid="|url\\(#|href="#)(${ids.map(escapeRegExp).join('|')})(?=[")])`, 'g');
  return svg.replace(pattern, (_match, lead: string, id: string) => `${lead}${renamed.get(id)!}`);
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string. The spec must carry its data inline
 * (`data.values`); any attempt to load a URL or file fails with a FlywheelError.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec, options: VegaSvgOptions = {}): Promise<string> {
  const errors: string[] = [];
  const logger = collectingLogger(options.onWarning, errors);
  let compiled;
  try {
    compiled = compile(spec, { logger }).spec;
  } catch (error) {
    throw new FlywheelError('usage', `cannot compile the Vega-Lite chart spec: ${(error as Error).message}`, {
      hint: 'check the spec against https://vega.github.io/vega-lite/docs/',
      cause: error,
    });
  }
  const refused: string[] = [];
  const view = new View(parse(compiled), { renderer: 'none', loader: offlineLoader(refused), logger, logLevel: logger.level() as number });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) {
      throw new FlywheelError('usage', `a chart spec asks to load "${refused[0]!}", but reports are rendered offline`, {
        hint: 'put the chart data inline as `data: { values: [...] }`',
      });
    }
    if (errors.length > 0) {
      throw new FlywheelError('usage', `cannot render the chart: ${errors[0]!}`, {
        hint: 'check the spec; reports render charts offline from inline data',
      });
    }
    return options.idPrefix === undefined ? svg : prefixIds(svg, options.idPrefix);
  } finally {
    view.finalize();
  }
}
