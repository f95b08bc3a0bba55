import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from './config.js';
import { FlywheelError } from './errors.js';

const base = `version: 1
data: data/churn.csv
target: churn
`;

function errorOf(text: string): FlywheelError {
  try {
    parseProjectConfig(text);
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('flywheel.yaml validation', () => {
  it('fills the defaults for a minimal file', () => {
    const config = parseProjectConfig(base);
    expect(config.split).toEqual({ valid: 0.2, test: 0.2 });
    expect(config.seed).toBe(42);
    expect(config.store).toBe('sqlite:.flywheel/flywheel.db');
    expect(config.artifacts).toBe('.flywheel/');
    expect(config.columns).toEqual({});
    expect(config.positive).toBeUndefined();
  });

  it('compares the positive class as text, whatever YAML type it was written as', () => {
    expect(parseProjectConfig(`${base}positive: 1\n`).positive).toBe('1');
    expect(parseProjectConfig(`${base}positive: "Yes"\n`).positive).toBe('Yes');
    expect(parseProjectConfig(`${base}positive: true\n`).positive).toBe('true');
  });

  it('rejects an unknown top-level key with its line and the closest known key', () => {
    const error = errorOf(`${base}sed: 7\n`);
    expect(error.code).toBe('config_invalid');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('flywheel.yaml line 4: unknown key "sed"');
    expect(error.hint).toBe('did you mean "seed"?');
  });

  it('rejects a mistyped nested key and suggests the right one', () => {
    const error = errorOf(`${base}split:\n  methd: temporal\n`);
    expect(error.message).toBe('flywheel.yaml line 5: unknown key "split.methd"');
    expect(error.hint).toBe('did you mean "method"?');
  });

  it('names the allowed values of an enum and the line of the bad one', () => {
    const error = errorOf(`${base}split: { method: random }\n`);
    expect(error.message).toBe('flywheel.yaml line 4: split.method: must be one of "stratified", "temporal", "group", "file" (found "random")');
  });

  it('names a wrong column type and role with the allowed ones', () => {
    const error = errorOf(`${base}columns:\n  tenure: { type: integer }\n`);
    expect(error.message).toContain('line 5: columns.tenure.type: must be one of "numeric", "categorical", "boolean", "datetime", "text", "id"');
  });

  it('says which key is required when one is missing', () => {
    const error = errorOf('version: 1\ndata: x.csv\n');
    expect(error.message).toBe('flywheel.yaml: target is required');
  });

  it('rejects split fractions that leave nothing for train', () => {
    const error = errorOf(`${base}split: { valid: 0.5, test: 0.5 }\n`);
    expect(error.message).toContain('split.test: valid + test must be below 1 (found 1)');
  });

  it('rejects a gap that is not a duration', () => {
    const error = errorOf(`${base}split: { method: temporal, gap: 7 days }\n`);
    expect(error.message).toContain('split.gap');
    expect(error.message).toContain('a duration such as 7d');
  });

  it('reports YAML syntax errors with their line', () => {
    const error = errorOf(`${base}split: { method: temporal\nseed: 3\n`);
    expect(error.message).toMatch(/^flywheel\.yaml line \d+: /);
    expect(error.hint).toContain('YAML syntax');
  });

  it('lists every problem, the first one first', () => {
    const error = errorOf(`${base}sed: 7\nsplit: { test: 2 }\n`);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('flywheel.yaml line 4: unknown key "sed"');
    expect(lines[1]).toMatch(/^also: flywheel\.yaml line 5: split\.test/);
  });

  it('rejects a file that is not a mapping', () => {
    expect(errorOf('- a\n- b\n').message).toContain('must be a YAML mapping');
  });
});
