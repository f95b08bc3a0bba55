// One predict request against one live set: each record is assigned a variant (canary by unit hash,
// else champion), checked field by field against that variant's inputs, and the valid ones scored
// in one pipeline call per variant — the package's own fitted pipeline, as in training. The result
// holds the client's answer, the log records to commit before answering, and the shadow work to run
// after answering.

import { isFlywheelError } from '../core/errors.js';
import type { PredictionRecord } from '../store/types.js';
import type { LiveSet, LiveVariant } from './live-set.js';
import { checkRecord, type FieldProblem, type RecordPolicy } from './record-validation.js';
import { assignVariant, type TrafficAssignment } from './traffic.js';

export interface PredictInput {
  records: readonly unknown[];
  /** One per record. */
  requestIds: readonly string[];
  /** One per record (undefined: no unit id, the variant is drawn at random once per request). */
  unitIds: readonly (string | undefined)[];
  /** Wall-clock time of the request's arrival (logged as the prediction's time). */
  atMs: number;
  /** performance.now() at the request's arrival, for latencies. */
  startedAt: number;
}

export interface ScoredRecord {
  ok: true;
  index: number;
  requestId: string;
  score: number;
  decision: 0 | 1;
  /** The target's class the decision names. */
  label: string;
  model: string;
  modelVersion: number;
  variant: string;
  propensity: number;
  assignment: 'unit' | 'random';
}

export interface FailedRecord {
  ok: false;
  index: number;
  requestId: string;
  problems: FieldProblem[];
}

export type RecordResult = ScoredRecord | FailedRecord;

export interface PredictOutcome {
  results: RecordResult[];
  /** The live records, to commit before the response is sent. */
  log: PredictionRecord[];
  /** Scores the records with the shadow variant and returns its log records; undefined without a shadow. */
  shadow: (() => PredictionRecord[]) | undefined;
}

export interface PredictOptions {
  policy: RecordPolicy;
  random: () => number;
  now: () => number;
}

/** Raw features as logged: the record as received. */
function features(record: unknown): Record<string, unknown> {
  return record as Record<string, unknown>;
}

export function predictRecords(set: LiveSet, input: PredictInput, options: PredictOptions): PredictOutcome {
  const champion = set.champion;
  if (champion === undefined) throw new Error('predictRecords needs a live set with a champion');
  // One draw per request for every record without a unit id.
  const draw = options.random();
  const results: RecordResult[] = new Array<RecordResult>(input.records.length);
  const groups = new Map<LiveVariant, { index: number; assignment: TrafficAssignment }[]>();

  input.records.forEach((record, index) => {
    const assignment = assignVariant(set.canary?.trafficPercent, set.trafficSalt, input.unitIds[index], () => draw);
    const variant = assignment.variant === 'canary' && set.canary !== undefined ? set.canary : champion;
    const problems = checkRecord(record, variant.loaded.inputColumns, options.policy);
    if (problems.length > 0) {
      results[index] = { ok: false, index, requestId: input.requestIds[index]!, problems };
      return;
    }
    let group = groups.get(variant);
    if (group === undefined) groups.set(variant, (group = []));
    group.push({ index, assignment });
  });

  const log: PredictionRecord[] = [];
  for (const [variant, members] of groups) {
    const scores = scoreGroup(variant, members.map((m) => features(input.records[m.index])));
    const latencyMs = Math.max(0, options.now() - input.startedAt);
    members.forEach((member, k) => {
      const { index, assignment } = member;
      const requestId = input.requestIds[index]!;
      const score = scores[k]!;
      if (typeof score !== 'number') {
        results[index] = { ok: false, index, requestId, problems: [{ message: score.message }] };
        return;
      }
      const model = variant.loaded;
      const decision = score >= model.threshold ? 1 : 0;
      results[index] = {
        ok: true,
        index,
        requestId,
        score,
        decision,
        label: decision === 1 ? model.target.positive : model.target.negative,
        model: model.model,
        modelVersion: model.version,
        variant: variant.alias,
        propensity: assignment.propensity,
        assignment: assignment.assignment,
      };
      const unitId = input.unitIds[index];
      log.push({
        requestId,
        atMs: input.atMs,
        ...(unitId === undefined ? {} : { unitId }),
        model: model.model,
        modelVersion: model.version,
        variant: variant.alias,
        features: features(input.records[index]),
        score,
        decision,
        propensity: assignment.propensity,
        assignment: assignment.assignment,
        latencyMs,
        shadow: false,
      });
    });
  }

  const shadowVariant = set.shadow;
  const scored = results.filter((r): r is ScoredRecord => r.ok);
  const shadow =
    shadowVariant === undefined || scored.length === 0
      ? undefined
      : () => shadowRecords(shadowVariant, scored, input, options);
  return { results, log, shadow };
}

/** Scores for a group, or per record a problem when the pipeline refuses a record the checks let through. */
function scoreGroup(variant: LiveVariant, records: readonly Record<string, unknown>[]): (number | { message: string })[] {
  try {
    return [...variant.loaded.score(records)];
  } catch (error) {
    if (!isFlywheelError(error) || records.length === 1) {
      if (isFlywheelError(error)) return [{ message: error.message }];
      throw error;
    }
  }
  // Score one by one so one refused record does not take the others with it.
  return records.map((record) => {
    try {
      return variant.loaded.score([record])[0]!;
    } catch (error) {
      if (isFlywheelError(error)) return { message: error.message };
      throw error;
    }
  });
}

/** The shadow's log records for the records the live variants scored; records the shadow cannot read are skipped. */
function shadowRecords(variant: LiveVariant, scored: readonly ScoredRecord[], input: PredictInput, options: PredictOptions): PredictionRecord[] {
  const model = variant.loaded;
  const readable = scored.filter((r) => checkRecord(input.records[r.index], model.inputColumns, { ...options.policy, unknownColumns: 'ignore' }).length === 0);
  if (readable.length === 0) return [];
  const started = options.now();
  const scores = model.score(readable.map((r) => features(input.records[r.index])));
  const latencyMs = Math.max(0, options.now() - started);
  return readable.map((r, k) => {
    const unitId = input.unitIds[r.index];
    const score = scores[k]!;
    return {
      requestId: r.requestId,
      atMs: input.atMs,
      ...(unitId === undefined ? {} : { unitId }),
      model: model.model,
      modelVersion: model.version,
      variant: 'shadow',
      features: features(input.records[r.index]),
      score,
      decision: score >= model.threshold ? 1 : 0,
      latencyMs,
      shadow: true,
    };
  });
}
