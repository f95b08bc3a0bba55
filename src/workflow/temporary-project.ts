// A bare data file (`--data FILE --target COL`) as a project in a temporary folder, so `audit` and
// `train` work without `flywheel init`; the folder is kept and named, as its store holds the runs.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FlywheelError } from '../core/errors.js';
import { initProject } from './init.js';
import { loadProject, type Project } from './project.js';

export interface BareFileOptions {
  data: string;
  target?: string | undefined;
  time?: string | undefined;
  entity?: string | undefined;
  positive?: string | undefined;
  splitFile?: string | undefined;
  cwd: string;
}

export async function temporaryProject(options: BareFileOptions): Promise<Project> {
  if (options.target === undefined) throw new FlywheelError('usage', '--data needs --target', { hint: 'name the label column: --target COL' });
  const dir = join(mkdtempSync(join(tmpdir(), 'flywheel-')), 'project');
  await initProject({ dir, data: options.data, target: options.target, time: options.time, entity: options.entity, positive: options.positive, cwd: options.cwd, isolated: true });
  return withSplitFile({ ...loadProject(dir), isolated: true }, options.splitFile, options.cwd);
}

/** The project with its split replaced by a split file (--split-file). */
export function withSplitFile(project: Project, splitFile: string | undefined, cwd: string): Project {
  if (splitFile === undefined) return project;
  return { ...project, config: { ...project.config, split: { ...project.config.split, method: 'file', file: resolve(cwd, splitFile), gap: undefined } } };
}
