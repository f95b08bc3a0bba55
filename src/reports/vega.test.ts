import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { tagNestingProblem } from './svg-test-helpers.js';
import { renderVegaLiteSvg } from './vega.js';
import type { VegaLiteSpec } from './vega.js';

const encoding = { x: { field: 'n', type: 'quantitative' }, y: { field: 'k', type: 'nominal' } } as const;
const bars = {
  data: { values: [{ k: 'a', n: 3 }, { k: 'b', n: 5 }] },
  mark: { type: 'bar', clip: true },
  encoding,
} as VegaLiteSpec;

describe('renderVegaLiteSvg', () => {
  it('renders a Vega-Lite spec to one well-formed SVG element', async () => {
    const svg = await renderVegaLiteSvg(bars);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(tagNestingProblem(svg)).toBeNull();
  });

  it('renames internal ids and their references with the given prefix, so output is reproducible', async () => {
    const first = await renderVegaLiteSvg(bars, { idPrefix: 'c7' });
    const second = await renderVegaLiteSvg(bars, { idPrefix: 'c7' });
    expect(first).toBe(second);
    expect(first).toContain('id="c7-0"');
    expect(first).toContain('url(#c7-0)');
    expect(first).not.toMatch(/id="clip\d+"/);
  });

  it('escapes data text that lands in the SVG', async () => {
    const svg = await renderVegaLiteSvg({ ...bars, data: { values: [{ k: '<b>&</b>', n: 1 }] } } as VegaLiteSpec);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('refuses a spec that would load data from a URL, naming the URL', async () => {
    const remote = { ...bars, data: { url: 'https://example.com/data.json' } } as VegaLiteSpec;
    const error = await renderVegaLiteSvg(remote).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlywheelError);
    expect((error as FlywheelError).message).toContain('https://example.com/data.json');
    expect((error as FlywheelError).hint).toContain('data: { values: [...] }');
  });

  it('passes Vega-Lite warnings to onWarning instead of printing them', async () => {
    const warnings: string[] = [];
    const odd = { ...bars, encoding: { ...encoding, size: { field: 'k', type: 'nominal' } } } as unknown as VegaLiteSpec;
    await renderVegaLiteSvg(odd, { onWarning: (m) => warnings.push(m) });
    expect(warnings.length).toBeGreaterThan(0);
  });
});
