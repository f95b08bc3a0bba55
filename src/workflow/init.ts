// `init`: check a data file and its target, then write a commented flywheel.yaml holding the inferred
// schema, and create the store. Everything is checked before anything is written, and a failure while
// writing removes what was written.

import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_ARTIFACTS, DEFAULT_SEED, DEFAULT_STORE, parseProjectConfig } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import { openStore } from '../store/open-store.js';
import { readDataset, type Dataset } from './dataset.js';
import { describeDataset, type DataDescription } from './describe.js';
import { CONFIG_FILE, projectFromConfig, relativeToProject } from './project.js';

export interface InitOptions {
  /** The project folder; created when missing. */
  dir: string;
  /** The data file (absolute, or relative to the current folder). */
  data: string;
  target: string;
  time?: string | undefined;
  entity?: string | undefined;
  positive?: string | undefined;
  cwd?: string;
  /** A throwaway project (the demo, `--data FILE`): its own store, whatever FLYWHEEL_STORE_URL says. */
  isolated?: boolean | undefined;
}

export interface InitResult {
  project: string;
  config: string;
  data: string;
  store: string;
  description: DataDescription;
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.dir);
  const configPath = join(dir, CONFIG_FILE);
  if (existsSync(configPath)) {
    throw new FlywheelError('already_exists', `${configPath} already exists`, {
      hint: 'edit it, or choose another folder for a new project (flywheel init DIR …)',
    });
  }
  const dataPath = resolve(cwd, options.data);
  const dataset = await readDataset(dataPath, { target: options.target, time: options.time, entity: options.entity, positive: options.positive });
  const text = renderConfig(dataset, relativeToProject(dir, dataPath));
  const config = parseProjectConfig(text, configPath); // what we write must load back

  const createdDir = !existsSync(dir);
  const project = projectFromConfig(dir, config);
  const artifactsExisted = existsSync(project.artifactsDir);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(configPath, text, { flag: 'wx' });
    const store = await openStore(config.store, { projectRoot: dir, ignoreEnvironment: options.isolated === true });
    await store.close();
  } catch (error) {
    await rm(configPath, { force: true });
    if (!artifactsExisted) await rm(project.artifactsDir, { recursive: true, force: true });
    if (createdDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    project: dir,
    config: configPath,
    data: config.data,
    store: config.store,
    description: describeDataset(dataset, dir),
  };
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const YAML_WORDS = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function key(name: string): string {
  return PLAIN_KEY.test(name) && !YAML_WORDS.test(name) ? name : JSON.stringify(name);
}

/** The commented flywheel.yaml for a dataset. */
export function renderConfig(dataset: Dataset, dataRelative: string): string {
  const t = dataset.target!;
  const rows = dataset.frame.nRows;
  const rate = ((100 * t.positiveCount) / rows).toFixed(1);
  const method = dataset.time !== undefined ? 'temporal' : dataset.entity !== undefined ? 'group' : 'stratified';
  const width = Math.max(...dataset.schema.columns.map((c) => key(c.name).length));
  const columnLines = dataset.schema.columns.map((c) => {
    const notes = [c.reason, c.missing > 0 ? `${c.missing} missing` : undefined].filter(Boolean).join('; ');
    return `  ${`${key(c.name)}:`.padEnd(width + 1)} { type: ${c.type}, role: ${c.role} }${notes === '' ? '' : `  # ${notes}`}`;
  });
  return `# Flywheel project file. Every command reads it; \`flywheel data describe\` shows what it means for the data.
# Reference: docs/configuration.md. Unknown keys are rejected, with the closest known key suggested.
version: 1

# The data file, relative to this file (CSV, TSV, Parquet or JSON lines; .gz allowed). It is not copied:
# each snapshot (flywheel data snapshot) keeps an immutable Parquet copy named by its content hash.
data: ${JSON.stringify(dataRelative)}

# The label to predict (binary classification) and its positive class, compared with the label's text.
target: ${key(t.name)}
positive: ${JSON.stringify(t.positive)}   # ${t.positiveSource === 'minority' ? 'the minority class' : 'as given'}: ${t.positiveCount} of ${rows} rows (${rate}%); the other class is ${JSON.stringify(t.negative)}

# The schema inferred from the data (docs/schema-inference.md). Types: numeric, categorical, boolean,
# datetime, text, id. Roles: target, time, entity, feature, ignore. Edit a line to override it.
columns:
${columnLines.join('\n')}

# train / valid / test. Methods: stratified (random, class balance kept), temporal (oldest to train,
# newest to test; needs a time column; gap: 7d leaves a gap), group (no entity on two sides), file
# (file: a CSV with columns row and split). Selection uses valid; test is frozen and only confirms.
split: { method: ${method}, valid: 0.2, test: 0.2 }
seed: ${DEFAULT_SEED}

# Where runs, the registry and the prediction log live (sqlite:PATH inside the project),
# and the folder for snapshots and other artifacts.
store: ${DEFAULT_STORE}
artifacts: ${DEFAULT_ARTIFACTS}
`;
}
