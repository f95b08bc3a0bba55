import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers } from './layers.js';

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fw-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the layering check', () => {
  it('passes on the real source tree', () => {
    expect(checkLayers(fileURLToPath(new URL('../src', import.meta.url)))).toEqual([]);
  });

  it('accepts imports within a layer and downward', () => {
    const dir = fixture({
      'core/a.ts': 'export const a = 1;',
      'data/b.ts': "import { a } from '../core/a.js';\nexport const b = a;",
      'store/c.ts': "import type { b } from '../data/b.js';\nexport type C = typeof b;",
    });
    expect(checkLayers(dir)).toEqual([]);
  });

  it('reports a module importing from a layer above it', () => {
    const dir = fixture({
      'core/a.ts': "import { w } from '../workflow/w.js';\nexport const a = w;",
      'workflow/w.ts': 'export const w = 1;',
    });
    const violations = checkLayers(dir);
    expect(violations).toHaveLength(1);
    expect(violations[0]!.kind).toBe('upward');
    expect(violations[0]!.message).toContain('core/a.ts (layer 1, core/) imports workflow/w.ts (layer 7, workflow/)');
  });

  it('reports an import cycle, even within one layer', () => {
    const dir = fixture({
      'data/x.ts': "import { y } from './y.js';\nexport const x = () => y;",
      'data/y.ts': "export { x as y } from './x.js';",
    });
    const violations = checkLayers(dir);
    expect(violations.map((v) => v.kind)).toEqual(['cycle']);
    expect(violations[0]!.message).toMatch(/data\/x\.ts → data\/y\.ts → data\/x\.ts|data\/y\.ts → data\/x\.ts → data\/y\.ts/);
  });

  it('reports a folder missing from the layer table', () => {
    const dir = fixture({ 'gadgets/g.ts': 'export const g = 1;' });
    expect(checkLayers(dir).map((v) => v.kind)).toEqual(['unknown-folder']);
  });
});
