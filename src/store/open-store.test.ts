// Store URLs: the accepted forms, where relative paths land, and the errors for everything else.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, parseStoreUrl, redactStoreUrl } from './open-store.js';

const projectRoot = mkdtempSync(path.join(os.tmpdir(), 'flywheel-open-'));

afterAll(() => {
  rmSync(projectRoot, { recursive: true, force: true });
});

describe('parseStoreUrl', () => {
  it('resolves a relative sqlite path against the project folder', () => {
    expect(parseStoreUrl('sqlite:.flywheel/flywheel.db', { projectRoot })).toEqual({
      kind: 'sqlite',
      url: 'sqlite:.flywheel/flywheel.db',
      path: path.join(projectRoot, '.flywheel', 'flywheel.db'),
    });
  });

  it('keeps a relative path that goes up and comes back inside the project', () => {
    expect(parseStoreUrl('sqlite:a/../b.db', { projectRoot })).toMatchObject({ path: path.join(projectRoot, 'b.db') });
  });

  it('accepts an absolute sqlite path anywhere, since the user chose it', () => {
    const file = path.join(os.tmpdir(), 'elsewhere', 'store.db');
    expect(parseStoreUrl(`sqlite:${file}`, { projectRoot })).toMatchObject({ kind: 'sqlite', path: file });
  });

  it('accepts an in-memory sqlite store', () => {
    expect(parseStoreUrl('sqlite::memory:', { projectRoot })).toEqual({ kind: 'sqlite', url: 'sqlite::memory:', path: ':memory:' });
  });

  it('rejects a relative path that escapes the project folder and names the path', () => {
    expect(() => parseStoreUrl('sqlite:../x.db', { projectRoot })).toThrow(
      expect.objectContaining({
        code: 'store_invalid',
        message: expect.stringMatching(/store path "\.\.\/x\.db" resolves to .*x\.db, outside the project folder .*must stay inside the project folder/) as unknown,
      }),
    );
    expect(() => parseStoreUrl('sqlite:data/../../../x.db', { projectRoot })).toThrow(
      expect.objectContaining({ code: 'store_invalid' }),
    );
  });

  it('rejects the sqlite:// form as ambiguous', () => {
    expect(() => parseStoreUrl('sqlite:///x.db', { projectRoot })).toThrow(
      expect.objectContaining({ code: 'store_invalid', message: expect.stringContaining('ambiguous') as unknown }),
    );
  });

  it('rejects a sqlite URL that names no file', () => {
    expect(() => parseStoreUrl('sqlite:', { projectRoot })).toThrow(expect.objectContaining({ code: 'store_invalid' }));
    expect(() => parseStoreUrl('sqlite:.', { projectRoot })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('names the project folder itself') as unknown }),
    );
  });

  it('recognises postgres and postgresql URLs', () => {
    expect(parseStoreUrl('postgres://u@h:5432/db', { projectRoot })).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(parseStoreUrl('postgresql://u@h/db', { projectRoot })).toMatchObject({ kind: 'postgres' });
  });

  it('rejects an unknown scheme, naming the URL and the accepted forms, and suggests the closest scheme', () => {
    expect(() => parseStoreUrl('sqlit:x.db', { projectRoot })).toThrow(
      expect.objectContaining({
        code: 'store_invalid',
        message: 'store URL "sqlit:x.db" is not supported: unknown scheme "sqlit:"',
        hint: expect.stringMatching(/^did you mean "sqlite:"\? write one of: sqlite:relative\/path\.db .*sqlite::memory:/) as unknown,
      }),
    );
    expect(() => parseStoreUrl('flywheel.db', { projectRoot })).toThrow(
      expect.objectContaining({ message: 'store URL "flywheel.db" is not supported: it has no scheme' }),
    );
  });

  it('never repeats a password from the URL in its messages', () => {
    expect(redactStoreUrl('mysql://ana:s3cret@db:3306/x')).toBe('mysql://ana:***@db:3306/x');
    expect(() => parseStoreUrl('mysql://ana:s3cret@db:3306/x', { projectRoot })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') as unknown }),
    );
  });
});

describe('openStore', () => {
  it('creates the folder of a new sqlite store', async () => {
    const store = await openStore('sqlite:nested/deeper/flywheel.db', { projectRoot });
    await store.close();
    expect(existsSync(path.join(projectRoot, 'nested', 'deeper', 'flywheel.db'))).toBe(true);
    expect(store.url).toBe('sqlite:nested/deeper/flywheel.db');
  });

  it('opens a postgres:// URL and names host and port when nothing listens there, without the password', async () => {
    const error = await openStore('postgres://ana:s3cret@127.0.0.1:1/flywheel', { projectRoot, ignoreEnvironment: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'store_invalid',
      message: expect.stringMatching(/^cannot reach PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/) as unknown,
      hint: expect.stringContaining('FLYWHEEL_STORE_URL') as unknown,
    });
    expect(JSON.stringify(error)).not.toContain('s3cret');
  });

  it('creates nothing when the path escapes the project folder', async () => {
    await expect(openStore('sqlite:../escaped/x.db', { projectRoot })).rejects.toMatchObject({ code: 'store_invalid' });
    expect(existsSync(path.join(projectRoot, '..', 'escaped'))).toBe(false);
  });
});
