// Rewrites docs/models.md from the model kinds' param tables (see scripts/model-docs.ts).

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { modelDocs } from './model-docs.js';

const path = fileURLToPath(new URL('../docs/models.md', import.meta.url));
writeFileSync(path, modelDocs());
process.stdout.write(`wrote ${path}\n`);
