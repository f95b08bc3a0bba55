// The layer table of DESIGN.md and a checker: a module may import from its own layer or any layer
// below, never from a layer above, and modules never import each other in a cycle.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Top-level folders of src/ and their layer (DESIGN.md, "Architecture"). */
export const LAYERS: Readonly<Record<string, number>> = {
  core: 1,
  data: 2,
  store: 2,
  features: 3,
  models: 3,
  evaluation: 3,
  experiments: 3,
  monitoring: 3,
  framing: 4,
  audit: 4,
  tracking: 5,
  registry: 5,
  serving: 5,
  flywheel: 6,
  reports: 6,
  workflow: 7,
  cli: 8,
  server: 8,
  ui: 8,
};

/** Files directly in src/ (the library's public entry) sit above every layer. */
const ROOT_LAYER = 9;

export interface Violation {
  kind: 'upward' | 'cycle' | 'unknown-folder';
  message: string;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function layerOf(srcDir: string, file: string): { folder: string; layer: number | undefined } {
  const parts = relative(srcDir, file).split(sep);
  if (parts.length === 1) return { folder: '(src)', layer: ROOT_LAYER };
  const folder = parts[0]!;
  return { folder, layer: LAYERS[folder] };
}

/** Relative imports of a file, resolved to .ts files (`./x.js` → `./x.ts`). */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (spec === undefined || !spec.startsWith('.')) continue;
    out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return out;
}

export function checkLayers(srcDir: string): Violation[] {
  const root = resolve(srcDir);
  const files = listTs(root);
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const from = layerOf(root, file);
    if (from.layer === undefined) {
      violations.push({ kind: 'unknown-folder', message: `src/${from.folder}/ is not in the layer table (scripts/layers.ts): add it with its layer from DESIGN.md` });
      continue;
    }
    const targets = importsOf(file, readFileSync(file, 'utf8')).filter((t) => t.startsWith(root + sep));
    // Tests may reach anything below them and their own module's helpers; they are not part of the graph.
    if (!file.endsWith('.test.ts')) graph.set(file, targets);
    for (const target of targets) {
      const to = layerOf(root, target);
      if (to.layer !== undefined && to.layer > from.layer) {
        violations.push({
          kind: 'upward',
          message: `${relative(root, file)} (layer ${from.layer}, ${from.folder}/) imports ${relative(root, target)} (layer ${to.layer}, ${to.folder}/): imports must point down the layers`,
        });
      }
    }
  }
  for (const cycle of findCycles(graph)) {
    violations.push({ kind: 'cycle', message: `import cycle: ${[...cycle, cycle[0]!].map((f) => relative(root, f)).join(' → ')}` });
  }
  return violations;
}

/** Strongly connected components with more than one module (or a self-import), by Tarjan's algorithm. */
function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.reverse());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
