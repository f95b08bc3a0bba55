// A Flywheel project: the folder holding flywheel.yaml, found by --project or by searching upward,
// its validated config, and the paths it names (data, artifacts, store) resolved against that folder.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseProjectConfig, type ProjectConfig } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';

export const CONFIG_FILE = 'flywheel.yaml';

export interface Project {
  root: string;
  configPath: string;
  config: ProjectConfig;
  /** The data file, absolute. */
  dataPath: string;
  /** The artifacts folder (snapshots, reports), absolute. */
  artifactsDir: string;
  /**
   * A throwaway project (the demo, `--data FILE` in a temporary folder): its store is always its own
   * SQLite file, even when FLYWHEEL_STORE_URL points every project at a team store.
   */
  isolated?: boolean;
}

/** The project's store: flywheel.yaml's `store:`, or FLYWHEEL_STORE_URL unless the project is isolated. */
export function openProjectStore(project: Project): Promise<Store> {
  return openStore(project.config.store, { projectRoot: project.root, ignoreEnvironment: project.isolated === true });
}

/** The folder holding flywheel.yaml: `explicit` when given, else the nearest one upward from `cwd`. */
export function findProjectRoot(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const dir = resolve(cwd, explicit);
    const candidate = existsSync(dir) && statSync(dir).isFile() ? dirname(dir) : dir;
    if (!existsSync(join(candidate, CONFIG_FILE))) {
      throw new FlywheelError('project_not_found', `no ${CONFIG_FILE} in ${candidate}`, {
        hint: 'create one with `flywheel init --data FILE --target COL`, or point --project at the folder that has it',
      });
    }
    return candidate;
  }
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new FlywheelError('project_not_found', `no ${CONFIG_FILE} in ${resolve(cwd)} or any folder above it`, {
    hint: 'run `flywheel init --data FILE --target COL` first, pass --project DIR, or use --data FILE --target COL on a bare file',
  });
}

export function loadProject(cwd: string, explicit?: string): Project {
  const root = findProjectRoot(cwd, explicit);
  const configPath = join(root, CONFIG_FILE);
  const config = parseProjectConfig(readFileSync(configPath, 'utf8'), configPath);
  return projectFromConfig(root, config);
}

export function projectFromConfig(root: string, config: ProjectConfig): Project {
  return {
    root,
    configPath: join(root, CONFIG_FILE),
    config,
    dataPath: resolve(root, config.data),
    artifactsDir: insideProject(root, config.artifacts, 'artifacts'),
  };
}

/** Resolve a project-relative path that must stay inside the project folder (absolute paths are the user's choice). */
export function insideProject(root: string, path: string, key: string): string {
  if (isAbsolute(path)) return path;
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new FlywheelError('config_invalid', `${key}: "${path}" points outside the project folder ${root}`, {
      hint: `keep ${key} inside the project (for example .flywheel/), or give an absolute path if it must live elsewhere`,
    });
  }
  return full;
}

/** A path as written in flywheel.yaml: relative to the project folder, with forward slashes. */
export function relativeToProject(root: string, path: string): string {
  const rel = relative(root, resolve(path));
  return rel.split('\\').join('/');
}
