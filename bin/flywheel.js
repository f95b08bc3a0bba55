#!/usr/bin/env node
// The flywheel command. The TypeScript is compiled to dist/ by `npm install` / `npm ci` (the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('error: flywheel is not built (dist/ is missing)\nhint: run `npm ci` or `npm run build` in the flywheel folder\n');
  process.exit(70);
}
const { main } = await import(entry.href);
const code = await main(process.argv);
// DuckDB and SQLite handles may keep the event loop alive; output is flushed before exiting.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
