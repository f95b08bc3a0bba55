import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';

const BASE = 'version: 1\ndata: data.csv\ntarget: churned\n';

function configError(text: string): FlywheelError {
  try {
    parseProjectConfig(text);
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('the serving: section of flywheel.yaml', () => {
  it('has defaults for every key when absent', () => {
    expect(parseProjectConfig(BASE).serving).toEqual({
      host: '127.0.0.1',
      port: 8080,
      max_body_bytes: 1024 * 1024,
      max_records: 1000,
      unknown_columns: 'ignore',
      absent_columns: 'reject',
      poll_interval: '2s',
      durability: 'normal',
      log_flush_ms: 0,
      log_batch_records: 512,
      log_queue_records: 50_000,
      shadow_queue: 1000,
      shadow_max_share: 0.5,
      admin_token_env: 'FLYWHEEL_ADMIN_TOKEN',
    });
  });

  it('keeps given keys and fills the others', () => {
    const serving = parseProjectConfig(`${BASE}serving:\n  durability: fsync\n  port: 9000\n  traffic_salt: q4\n`).serving;
    expect(serving).toMatchObject({ durability: 'fsync', port: 9000, traffic_salt: 'q4', host: '127.0.0.1' });
  });

  it('suggests the closest key for a mistyped one and points at docs/serving.md', () => {
    const error = configError(`${BASE}serving:\n  durabilty: fsync\n`);
    expect(error.message).toBe('flywheel.yaml line 5: unknown key "serving.durabilty"');
    expect(error.hint).toBe('did you mean "durability"?');
  });

  it('names the allowed values of a policy and the docs page', () => {
    const error = configError(`${BASE}serving:\n  unknown_columns: drop\n`);
    expect(error.message).toBe('flywheel.yaml line 5: serving.unknown_columns: must be one of "ignore", "reject" (found "drop")');
    expect(error.hint).toBe('see docs/serving.md for what serving.unknown_columns accepts');
  });

  it('refuses a token written where the name of its environment variable belongs', () => {
    const error = configError(`${BASE}serving:\n  admin_token_env: "s3cr3t-t0ken!"\n`);
    expect(error.message).toContain('serving.admin_token_env');
  });
});
