import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelDocs } from './model-docs.js';

describe('docs/models.md', () => {
  it('is up to date with the param tables (run `npx tsx scripts/gen-model-docs.ts` to regenerate)', () => {
    expect(readFileSync(new URL('../docs/models.md', import.meta.url), 'utf8')).toBe(modelDocs());
  });
});
