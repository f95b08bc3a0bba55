// Small real model packages for the serving tests: a logistic model fitted through the real
// pipeline on a hand-made frame (tenure numeric, plan categorical, active boolean), so the server
// under test loads, verifies and scores packages exactly as it does in production.

import { Frame } from '../core/frame.js';
import { fitPipeline, trainFrame } from '../features/pipeline.js';
import { logisticKind, logisticParams } from '../models/logistic/logistic.js';
import { defaults } from '../models/params.js';
import type { RegistryStore } from '../store/types.js';
import { buildModelPackage, type ModelPackageJson } from '../tracking/model-package.js';

export const TEST_TARGET = { name: 'churned', positive: 'Yes', negative: 'No' };

/** A record the test models read. */
export function testRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { tenure: 3, plan: 'basic', active: true, ...overrides };
}

/**
 * A package whose model leans on tenure; `flip` reverses the labels, so two versions give clearly
 * different scores for the same record. `threshold` sets the decision threshold.
 */
export function testPackage(options: { flip?: boolean; threshold?: number; runId?: string } = {}): ModelPackageJson {
  const n = 60;
  const tenure = Float64Array.from({ length: n }, (_, i) => i % 30);
  const plans = ['basic', 'plus', 'pro'];
  const planCodes = Int32Array.from({ length: n }, (_, i) => i % 3);
  const active = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 0 : 1));
  const frame = new Frame([
    { name: 'tenure', type: 'numeric', values: tenure },
    { name: 'plan', type: 'categorical', codes: planCodes, levels: plans },
    { name: 'active', type: 'boolean', values: active },
  ]);
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const churn = tenure[i]! < 12 !== (i % 7 === 0) ? 1 : 0;
    return options.flip === true ? 1 - churn : churn;
  });
  const train = trainFrame(frame, { assignment: new Uint8Array(n) });
  const schema = frame.columns.map((c) => ({ name: c.name, type: c.type, role: 'feature' as const }));
  const { pipeline, trainMatrix } = fitPipeline(train, y, { schema, steps: [], encoding: 'scaled', seed: 7 });
  const model = logisticKind.fit(trainMatrix, y, defaults(logisticParams), { seed: 7 });
  return buildModelPackage({
    runId: options.runId ?? `run-${options.flip === true ? 'flip' : 'base'}`,
    createdAtMs: 1_700_000_000_000,
    target: TEST_TARGET,
    threshold: { value: options.threshold ?? 0.5, method: 'fixed' },
    training: { snapshot: 'snap', split: 'split', seed: 7, train_rows: n },
    pipeline,
    model,
  });
}

/** Registers a package as the next version of `name` and returns its version number. */
export async function registerTestVersion(registry: RegistryStore, name: string, pkg: ModelPackageJson): Promise<number> {
  const record = await registry.registerVersion({ name, sha256: pkg.sha256, package: pkg, createdAtMs: Date.now() });
  return record.version;
}

/** Points an alias at a version, as `flywheel promote` does (a canary's share in the event's gate field). */
export async function setTestAlias(registry: RegistryStore, name: string, alias: string, version: number, trafficPercent?: number): Promise<void> {
  await registry.setAlias({
    name,
    alias,
    version,
    actor: 'test',
    reason: 'test',
    atMs: Date.now(),
    ...(trafficPercent === undefined ? {} : { gate: { traffic_percent: trafficPercent } }),
  });
}
