// CI's layering check (run by `npm run lint`): fails when a module imports from a layer above it or
// modules import each other in a cycle. The layer table lives in scripts/layers.ts.

import { fileURLToPath } from 'node:url';
import { checkLayers } from './layers.js';

const src = fileURLToPath(new URL('../src', import.meta.url));
const violations = checkLayers(src);
if (violations.length > 0) {
  for (const v of violations) process.stderr.write(`layers: ${v.message}\n`);
  process.stderr.write(`layers: ${violations.length} problem(s); see DESIGN.md "Architecture" for the layer rules\n`);
  process.exit(1);
}
process.stdout.write('layers: imports point down the layers, no cycles\n');
