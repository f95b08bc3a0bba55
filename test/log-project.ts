// A project on the Telco example with the demo problem card (label_delay: 30d) and its store open, for
// the tests of the prediction log, feedback import and shadow report.

import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/types.js';
import { DEMO_PROBLEM_CARD } from '../src/workflow/demo.js';
import { initProject } from '../src/workflow/init.js';
import { loadProject, type Project } from '../src/workflow/project.js';
import { scratchDir, TELCO } from './fixtures.js';

export async function openLogProject(): Promise<{ dir: string; project: Project; store: Store }> {
  const dir = scratchDir();
  await initProject({ dir, data: TELCO, target: 'churn', positive: 'Yes' });
  appendFileSync(join(dir, 'flywheel.yaml'), DEMO_PROBLEM_CARD);
  const project = loadProject(dir);
  return { dir, project, store: await openStore(project.config.store, { projectRoot: dir }) };
}
