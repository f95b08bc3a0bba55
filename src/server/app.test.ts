import { afterEach, describe, expect, it } from 'vitest';
import { Frame } from '../core/frame.js';
import { loadModelPackage } from '../tracking/model-package.js';
import { mulberry32 } from './test-random.js';
import { registerTestVersion, setTestAlias, testPackage, testRecord } from '../serving/test-models.js';
import { TEST_MODEL, testServer, type TestServer, type TestServerOptions } from './test-server.js';

const servers: TestServer[] = [];

async function serve(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await testServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

interface Prediction {
  score: number;
  decision: number;
  label: string;
  model_version: number;
  variant: string;
  request_id: string;
  error?: { code: string; message: string; details: { field?: string; message: string }[] };
}

async function predict(server: TestServer, payload: unknown, headers: Record<string, string> = {}) {
  const response = await server.app.inject({ method: 'POST', url: '/v1/predict', payload: payload as object, headers });
  return { status: response.statusCode, headers: response.headers, body: response.json<{ predictions: Prediction[]; error?: { code: string; message: string; hint?: string }; details?: { record?: number; field?: string; message: string }[] }>() };
}

describe('POST /v1/predict', () => {
  it('scores one record, echoes X-Request-Id and logs the prediction before answering', async () => {
    const server = await serve();
    const { status, headers, body } = await predict(server, { record: testRecord(), unit_id: 'customer-1' }, { 'x-request-id': 'req-1' });
    expect(status).toBe(200);
    expect(headers['x-request-id']).toBe('req-1');
    const [p] = body.predictions;
    expect(p).toMatchObject({ variant: 'champion', model_version: server.v1, request_id: 'req-1' });
    expect(p!.score).toBeGreaterThan(0);
    expect(p!.score).toBeLessThan(1);
    expect(p!.decision).toBe(p!.score >= 0.5 ? 1 : 0);
    expect(p!.label).toBe(p!.decision === 1 ? 'Yes' : 'No');
    // Answered only after the commit: the record is readable at once.
    const [logged] = await server.store.predictions.readPredictions({ model: TEST_MODEL });
    expect(logged).toMatchObject({ requestId: 'req-1', unitId: 'customer-1', variant: 'champion', modelVersion: server.v1, score: p!.score, decision: p!.decision, propensity: 1, assignment: 'unit', shadow: false, features: testRecord() });
    expect(logged!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('gives the records of a batch ids <request id>-<i> and answers a bad record with an error in its place', async () => {
    const server = await serve();
    const { status, body } = await predict(server, { records: [testRecord(), testRecord({ tenure: 'twelve' }), testRecord({ tenure: 20 })] }, { 'x-request-id': 'batch-7' });
    expect(status).toBe(200);
    expect(body.predictions.map((p) => p.request_id)).toEqual(['batch-7-0', 'batch-7-1', 'batch-7-2']);
    expect(body.predictions[1]).toEqual({ request_id: 'batch-7-1', error: { code: 'data_invalid', message: '"tenure" expects a number, found "twelve"', details: [{ field: 'tenure', message: 'expects a number, found "twelve"' }] } });
    expect(body.predictions[0]!.score).toBeTypeOf('number');
    expect(body.predictions[2]!.score).toBeTypeOf('number');
    const logged = await server.store.predictions.readPredictions({ model: TEST_MODEL });
    expect(logged.map((r) => r.requestId).sort()).toEqual(['batch-7-0', 'batch-7-2']);
  });

  it('answers 409 to a request id that is already logged (a retry after success) and logs nothing twice', async () => {
    const server = await serve();
    expect((await predict(server, { record: testRecord() }, { 'x-request-id': 'once' })).status).toBe(200);
    const retry = await predict(server, { record: testRecord() }, { 'x-request-id': 'once' });
    expect(retry.status).toBe(409);
    expect(retry.body.error!.code).toBe('already_exists');
    expect(await server.store.predictions.countPredictions()).toBe(1);
    // Without X-Request-Id the server makes one and sends it back.
    const fresh = await predict(server, { records: [testRecord()] });
    expect(fresh.body.predictions[0]!.request_id).toBe(`${fresh.headers['x-request-id'] as string}-0`);
  });

  it('scores exactly as the package does on a training Frame: the package\'s pipeline, no feature code of its own', async () => {
    const server = await serve();
    const records = [testRecord({ tenure: 0 }), testRecord({ tenure: 17, plan: 'pro', active: false }), testRecord({ tenure: null, plan: 'unseen-plan' })];
    const served = (await predict(server, { records })).body.predictions.map((p) => p.score);
    const loaded = loadModelPackage((await server.store.registry.getVersion(TEST_MODEL, server.v1))!.package);
    const frame = new Frame([
      { name: 'tenure', type: 'numeric', values: Float64Array.from(records, (r) => (r.tenure === null ? NaN : (r.tenure as number))) },
      { name: 'plan', type: 'categorical', codes: Int32Array.from([0, 1, 2]), levels: ['basic', 'pro', 'unseen-plan'] },
      { name: 'active', type: 'boolean', values: Float64Array.from(records, (r) => (r.active === true ? 1 : 0)) },
    ]);
    expect(served).toEqual([...loaded.model.predictProba(loaded.pipeline.transform(frame))]);
  });

  it('scores a record the same through the batch and single forms (one pipeline, one model)', async () => {
    const server = await serve();
    const single = await predict(server, { record: testRecord({ tenure: 25 }) });
    const batch = await predict(server, { records: [testRecord({ tenure: 1 }), testRecord({ tenure: 25 })] });
    expect(batch.body.predictions[1]!.score).toBe(single.body.predictions[0]!.score);
    expect(batch.body.predictions[0]!.score).not.toBe(single.body.predictions[0]!.score);
  });

  it('answers an invalid single record with 400 and every problem by record and field', async () => {
    const server = await serve();
    const { status, body } = await predict(server, { record: { tenure: 'abc', plan: { nested: true }, active: 'maybe' } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'data_invalid', message: 'record 0: "tenure" expects a number, found "abc" (and 2 more problems: see details)' });
    expect(body.details).toEqual([
      { record: 0, field: 'tenure', message: 'expects a number, found "abc"' },
      { record: 0, field: 'plan', message: 'expects text or a number, found {"nested":true}' },
      { record: 0, field: 'active', message: 'expects true or false (or 0 / 1), found "maybe"' },
    ]);
    expect(await server.store.predictions.countPredictions()).toBe(0);
  });

  it('reads numbers sent as numeric text as training read the file, and refuses NaN, Infinity and text that is no number', async () => {
    const server = await serve();
    const asNumber = await predict(server, { record: testRecord({ tenure: 12 }) });
    const asText = await predict(server, { record: testRecord({ tenure: '12' }) });
    expect(asText.body.predictions[0]!.score).toBe(asNumber.body.predictions[0]!.score);
    for (const tenure of ['NaN', 'Infinity', '12 months', true]) {
      const { status, body } = await predict(server, { record: testRecord({ tenure }) });
      expect(status).toBe(400);
      expect(body.details![0]).toMatchObject({ record: 0, field: 'tenure' });
    }
    // 1e999 parses to Infinity: refused as a value, not a crash.
    const huge = await server.app.inject({ method: 'POST', url: '/v1/predict', headers: { 'content-type': 'application/json' }, payload: '{"record": {"tenure": 1e999, "plan": "basic", "active": true}}' });
    expect(huge.statusCode).toBe(400);
    expect(huge.json<{ details: { field: string }[] }>().details[0]!.field).toBe('tenure');
    // A bare NaN token is not JSON at all.
    const nan = await server.app.inject({ method: 'POST', url: '/v1/predict', headers: { 'content-type': 'application/json' }, payload: '{"record": {"tenure": NaN}}' });
    expect(nan.statusCode).toBe(400);
    expect(nan.json()).toMatchObject({ error: { code: 'data_invalid', hint: expect.stringContaining('NaN and Infinity are not JSON') as unknown } });
  });

  it('treats null as a missing value (imputed as in training) and an unseen category like training does', async () => {
    const server = await serve();
    const missing = await predict(server, { record: testRecord({ tenure: null, plan: null, active: null }) });
    const unseen = await predict(server, { record: testRecord({ plan: 'enterprise' }) });
    expect(missing.status).toBe(200);
    expect(unseen.status).toBe(200);
    expect(Number.isFinite(missing.body.predictions[0]!.score)).toBe(true);
    expect(Number.isFinite(unseen.body.predictions[0]!.score)).toBe(true);
  });

  it('rejects a record without a model input unless absent_columns is missing, which scores it as null', async () => {
    const strict = await serve();
    const { tenure: _tenure, ...withoutTenure } = testRecord();
    const refused = await predict(strict, { record: withoutTenure });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ record: 0, field: 'tenure', message: 'missing: the model reads "tenure" (a number); send null when it is unknown' }]);
    const lenient = await serve({ serving: 'absent_columns: missing' });
    const absent = await predict(lenient, { record: withoutTenure });
    const asNull = await predict(lenient, { record: testRecord({ tenure: null }) });
    expect(absent.status).toBe(200);
    expect(absent.body.predictions[0]!.score).toBe(asNull.body.predictions[0]!.score);
  });

  it('ignores fields the model does not read by default, and rejects them with unknown_columns: reject', async () => {
    const lenient = await serve();
    const plain = await predict(lenient, { record: testRecord() });
    const extra = await predict(lenient, { record: testRecord({ customer_name: 'Ada' }) });
    expect(extra.body.predictions[0]!.score).toBe(plain.body.predictions[0]!.score);
    const [logged] = await lenient.store.predictions.readPredictions({ model: TEST_MODEL, limit: 2 }).then((r) => r.slice(1));
    expect(logged!.features).toEqual(testRecord({ customer_name: 'Ada' }));

    const strict = await serve({ serving: 'unknown_columns: reject' });
    const refused = await predict(strict, { record: testRecord({ tenur: 4 }) });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ record: 0, field: 'tenur', message: 'unknown column: the model does not read "tenur" (serving.unknown_columns is reject)' }]);
    // The unit id field is never an unknown column.
    expect((await predict(strict, { record: testRecord({ unit_id: 'u-1' }) })).status).toBe(200);
  });

  it('refuses malformed envelopes with a field-level message and never answers 500', async () => {
    const server = await serve();
    const cases: [unknown, string][] = [
      [[testRecord()], 'the request body must be a JSON object, found an array'],
      [{}, 'the request has no "records" (or "record")'],
      [{ records: [] }, '"records" is empty: nothing to score'],
      [{ records: 'x' }, '"records" must be an array of objects, found string'],
      [{ record: testRecord(), records: [testRecord()] }, 'send either "record" or "records", not both'],
      [{ recods: [testRecord()] }, 'unknown field "recods" in the request (did you mean "records" or "record"?)'],
      [{ record: testRecord(), unit_id: { id: 1 } }, 'unit_id must be text or a number, found object'],
    ];
    for (const [payload, message] of cases) {
      const { status, body } = await predict(server, payload);
      expect(status, JSON.stringify(payload)).toBe(400);
      expect(body.error!.message).toBe(message);
      expect(body.error!.hint).toBeTruthy();
    }
    const notJson = await server.app.inject({ method: 'POST', url: '/v1/predict', headers: { 'content-type': 'application/json' }, payload: '{"records": [' });
    expect(notJson.statusCode).toBe(400);
    const text = await server.app.inject({ method: 'POST', url: '/v1/predict', headers: { 'content-type': 'text/plain' }, payload: 'tenure=3' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const badId = await predict(server, { record: testRecord() }, { 'x-request-id': 'has spaces' });
    expect(badId.status).toBe(400);
  });

  it('answers a body over serving.max_body_bytes with 413 and more records than max_records with 400', async () => {
    const server = await serve({ serving: 'max_body_bytes: 2048\nmax_records: 5' });
    const big = await predict(server, { records: Array.from({ length: 60 }, () => testRecord()) });
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'payload_too_large', hint: expect.stringContaining('serving.max_body_bytes') as unknown });
    const many = await predict(server, { records: Array.from({ length: 6 }, () => testRecord()) });
    expect(many.status).toBe(400);
    expect(many.body.error!.message).toBe('6 records in one request; at most 5 (serving.max_records)');
  });

  it('answers 503 with a hint while there is no champion, and /readyz says why', async () => {
    const server = await serve({ champion: false });
    const { status, body } = await predict(server, { record: testRecord() });
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ message: 'model churned has no champion', hint: expect.stringContaining('flywheel promote') as unknown });
    const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not ready', checks: { champion_loaded: false, store_reachable: true } });
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('POST /invocations (MLflow scoring protocol)', () => {
  async function invoke(server: TestServer, payload: unknown) {
    const response = await server.app.inject({ method: 'POST', url: '/invocations', payload: payload as object });
    return { status: response.statusCode, body: response.json<{ predictions: number[]; details?: { record: number; field: string }[] }>() };
  }

  it('accepts dataframe_records, dataframe_split, instances and columnar inputs and answers the scores in order', async () => {
    const server = await serve();
    const a = testRecord({ tenure: 2 });
    const b = testRecord({ tenure: 28, plan: 'pro' });
    const expected = (await predict(server, { records: [a, b] })).body.predictions.map((p) => p.score);
    const forms = [
      { dataframe_records: [a, b] },
      { dataframe_split: { columns: ['tenure', 'plan', 'active'], data: [[a.tenure, a.plan, a.active], [b.tenure, b.plan, b.active]] } },
      { instances: [a, b] },
      { inputs: { tenure: [a.tenure, b.tenure], plan: [a.plan, b.plan], active: [a.active, b.active] } },
      { dataframe_records: [a, b], params: { anything: 1 } },
    ];
    for (const form of forms) {
      const { status, body } = await invoke(server, form);
      expect(status, Object.keys(form)[0]).toBe(200);
      expect(body).toEqual({ predictions: expected });
    }
    expect(await server.store.predictions.countPredictions()).toBe(2 + 2 * forms.length);
  });

  it('refuses the whole request when any record is invalid (MLflow has no per-record errors), naming records and fields', async () => {
    const server = await serve();
    const { status, body } = await invoke(server, { dataframe_records: [testRecord(), testRecord({ active: 'perhaps' })] });
    expect(status).toBe(400);
    expect(body.details).toEqual([{ record: 1, field: 'active', message: 'expects true or false (or 0 / 1), found "perhaps"' }]);
    expect(await server.store.predictions.countPredictions()).toBe(0);
    const positional = await invoke(server, { instances: [[3, 'basic', true]] });
    expect(positional.status).toBe(400);
    const ragged = await invoke(server, { dataframe_split: { columns: ['tenure', 'plan', 'active'], data: [[3, 'basic']] } });
    expect(ragged.status).toBe(400);
    expect(ragged.body.details![0]).toMatchObject({ record: 0, field: 'dataframe_split.data' });
    expect((await invoke(server, { dataframe_records: [testRecord()], instances: [testRecord()] })).status).toBe(400);
  });
});

describe('traffic split', () => {
  it('sends close to P% of units to the canary, sticky per unit, and logs the propensities', async () => {
    const server = await serve();
    await setTestAlias(server.store.registry, TEST_MODEL, 'canary', server.v2, 20);
    await server.runtime.refresh();
    const units = Array.from({ length: 2000 }, (_, i) => `unit-${i}`);
    const variantOf = new Map<string, string>();
    for (let start = 0; start < units.length; start += 500) {
      const batch = units.slice(start, start + 500);
      const { body } = await predict(server, { records: batch.map((u) => testRecord({ unit_id: u })) });
      body.predictions.forEach((p, i) => variantOf.set(batch[i]!, p.variant));
    }
    const canaryShare = [...variantOf.values()].filter((v) => v === 'canary').length / units.length;
    // Binomial(2000, 0.2): standard deviation 0.0089; 4 sd either side.
    expect(canaryShare).toBeGreaterThan(0.2 - 0.036);
    expect(canaryShare).toBeLessThan(0.2 + 0.036);
    // Sticky: the same units again, in another order and one per request, land where they did.
    for (const unit of units.slice(0, 200).reverse()) {
      const { body } = await predict(server, { record: testRecord(), unit_id: unit });
      expect(body.predictions[0]!.variant).toBe(variantOf.get(unit));
    }
    const logged = await server.store.predictions.readPredictions({ model: TEST_MODEL });
    for (const record of logged) {
      expect(record.assignment).toBe('unit');
      expect(record.propensity).toBeCloseTo(record.variant === 'canary' ? 0.2 : 0.8, 12);
      expect(record.modelVersion).toBe(record.variant === 'canary' ? server.v2 : server.v1);
    }
  });

  it('draws the variant at random once per request without a unit id, and logs the draw as random', async () => {
    const server = await serve({ random: mulberry32(11) });
    await setTestAlias(server.store.registry, TEST_MODEL, 'canary', server.v2, 50);
    await server.runtime.refresh();
    const variants: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { body } = await predict(server, { records: [testRecord(), testRecord({ tenure: 9 })] });
      expect(body.predictions[0]!.variant).toBe(body.predictions[1]!.variant);
      variants.push(body.predictions[0]!.variant);
    }
    expect(new Set(variants)).toEqual(new Set(['champion', 'canary']));
    const logged = await server.store.predictions.readPredictions({ model: TEST_MODEL });
    expect(logged.every((r) => r.assignment === 'random' && r.propensity === 0.5 && r.unitId === undefined)).toBe(true);
  });
});

describe('shadow scoring', () => {
  it('logs the shadow’s scores for the same records after the answer, as shadow records', async () => {
    const server = await serve();
    await setTestAlias(server.store.registry, TEST_MODEL, 'shadow', server.v2);
    await server.runtime.refresh();
    const { body } = await predict(server, { records: [testRecord(), testRecord({ tenure: 29 })], unit_id: 'u-9' }, { 'x-request-id': 'sh' });
    expect(body.predictions.every((p) => p.variant === 'champion')).toBe(true);
    await server.runtime.shadow.idle();
    await server.runtime.writer.flush();
    const logged = await server.store.predictions.readPredictions({ model: TEST_MODEL });
    const shadow = logged.filter((r) => r.shadow);
    expect(shadow.map((r) => r.requestId).sort()).toEqual(['sh-0', 'sh-1']);
    expect(shadow.every((r) => r.variant === 'shadow' && r.modelVersion === server.v2 && r.unitId === 'u-9' && r.propensity === undefined)).toBe(true);
    // v2 was fitted on flipped labels: its scores differ from the champion's.
    expect(shadow.find((r) => r.requestId === 'sh-0')!.score).not.toBe(body.predictions[0]!.score);
  });

  it('answers as usual when the shadow model throws, and counts the failure', async () => {
    const server = await serve();
    await setTestAlias(server.store.registry, TEST_MODEL, 'shadow', server.v2);
    await server.runtime.refresh();
    const baseline = (await predict(server, { record: testRecord() })).body.predictions[0]!;
    await server.runtime.shadow.idle();
    const shadowModel = server.runtime.watcher.current!.shadow!.loaded;
    shadowModel.score = () => {
      throw new Error('shadow model exploded');
    };
    const { status, body } = await predict(server, { record: testRecord() });
    expect(status).toBe(200);
    expect(body.predictions[0]!.score).toBe(baseline.score);
    await server.runtime.shadow.idle();
    const metrics = await server.metrics.registry.getSingleMetricAsString('flywheel_shadow_jobs_total');
    expect(metrics).toContain('flywheel_shadow_jobs_total{outcome="failed"} 1');
    expect(metrics).toContain('flywheel_shadow_jobs_total{outcome="done"} 1');
  });
});

describe('hot swap', () => {
  it('serves a version promoted in the store at the next poll, without a restart', async () => {
    const server = await serve({ serving: 'poll_interval: 50ms' });
    const before = (await predict(server, { record: testRecord() })).body.predictions[0]!;
    expect(before.model_version).toBe(server.v1);
    await setTestAlias(server.store.registry, TEST_MODEL, 'champion', server.v2);
    await expect.poll(async () => (await predict(server, { record: testRecord() })).body.predictions[0]!.model_version, { timeout: 5000, interval: 20 }).toBe(server.v2);
  });

  it('lets a request in flight finish on the set it started with', async () => {
    const server = await serve({ serving: 'log_flush_ms: 300' });
    const inFlight = predict(server, { record: testRecord() });
    // The request is scored and waits for its commit; the swap happens meanwhile.
    await expect.poll(() => server.runtime.writer.depth).toBe(1);
    await setTestAlias(server.store.registry, TEST_MODEL, 'champion', server.v2);
    expect(await server.runtime.refresh()).toBe(true);
    const after = predict(server, { record: testRecord() });
    expect((await inFlight).body.predictions[0]!.model_version).toBe(server.v1);
    expect((await after).body.predictions[0]!.model_version).toBe(server.v2);
  });

  it('keeps serving the current set when a new version fails to load, and reports the error', async () => {
    const server = await serve();
    const damaged = { ...testPackage({ threshold: 0.3 }), threshold: { value: 0.9, method: 'edited' } };
    const v3 = await registerTestVersion(server.store.registry, TEST_MODEL, damaged);
    await setTestAlias(server.store.registry, TEST_MODEL, 'champion', v3);
    expect(await server.runtime.refresh()).toBe(false);
    expect((await predict(server, { record: testRecord() })).body.predictions[0]!.model_version).toBe(server.v1);
    const models = (await server.app.inject({ method: 'GET', url: '/v1/models' })).json<{ last_refresh_error: string }>();
    expect(models.last_refresh_error).toContain('fails its SHA-256 check');
  });
});

describe('admin routes', () => {
  const promoted: unknown[] = [];
  const admin = {
    promote: async (input: { run: string; to: string; traffic?: number }) => {
      promoted.push(input);
      const server = servers.at(-1)!;
      await setTestAlias(server.store.registry, TEST_MODEL, input.to, server.v2, input.traffic);
      return { promoted: true, version: server.v2, alias: input.to };
    },
    rollback: async () => {
      const server = servers.at(-1)!;
      await setTestAlias(server.store.registry, TEST_MODEL, 'champion', server.v1);
      return { alias: 'champion', version: server.v1 };
    },
  };

  it('are off (404) when the token variable is not set', async () => {
    const server = await serve({ admin });
    const response = await server.app.inject({ method: 'POST', url: '/v1/admin/promote', payload: { run: 'r', to: 'champion' }, headers: { authorization: 'Bearer x' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { message: 'admin routes are off', hint: expect.stringContaining('FLYWHEEL_ADMIN_TOKEN') as unknown } });
  });

  it('need the bearer token: 401 without it, 403 with a wrong one', async () => {
    const server = await serve({ admin, env: { OPS_TOKEN: 's3cret' }, serving: 'admin_token_env: OPS_TOKEN' });
    const none = await server.app.inject({ method: 'POST', url: '/v1/admin/rollback', payload: {} });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const wrong = await server.app.inject({ method: 'POST', url: '/v1/admin/rollback', payload: {}, headers: { authorization: 'Bearer s3cre' } });
    expect(wrong.statusCode).toBe(403);
    expect(promoted).toEqual([]);
  });

  it('promote and rollback through the admin routes take effect at once', async () => {
    const server = await serve({ admin, env: { FLYWHEEL_ADMIN_TOKEN: 'tok' } });
    const headers = { authorization: 'Bearer tok' };
    const promote = await server.app.inject({ method: 'POST', url: '/v1/admin/promote', payload: { run: 'run-flip', to: 'champion', reason: 'better', actor: 'ana' }, headers });
    expect(promote.statusCode).toBe(200);
    // The change is recorded under the name the caller gives, marked as made through the admin API.
    expect(promoted.at(-1)).toMatchObject({ run: 'run-flip', actor: 'ana (admin-api)' });
    expect(promote.json()).toMatchObject({ result: { promoted: true }, live: { live: { champion: { version: server.v2 } } } });
    expect((await predict(server, { record: testRecord() })).body.predictions[0]!.model_version).toBe(server.v2);
    const rollback = await server.app.inject({ method: 'POST', url: '/v1/admin/rollback', payload: { reason: 'oops' }, headers });
    expect(rollback.statusCode).toBe(200);
    expect((await predict(server, { record: testRecord() })).body.predictions[0]!.model_version).toBe(server.v1);
    const bad = await server.app.inject({ method: 'POST', url: '/v1/admin/promote', payload: { run: 'run-flip', to: 'champion', traffic: 'lots' }, headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [{ field: 'traffic' }] });
  });
});

describe('POST /v1/feedback', () => {
  async function feedback(server: TestServer, payload: unknown) {
    const response = await server.app.inject({ method: 'POST', url: '/v1/feedback', payload: payload as object });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  it('stores outcomes by request id or unit id, keeps unmatched ones and reports them', async () => {
    const server = await serve();
    await predict(server, { record: testRecord(), unit_id: 'cust-1' }, { 'x-request-id': 'known' });
    const { status, body } = await feedback(server, {
      outcomes: [
        { request_id: 'known', label: 'Yes', event_time: '2026-01-31T00:00:00Z' },
        { request_id: 'never-seen', label: false },
        { unit_id: 'cust-1', label: 1, at: 1_700_000_000_000 },
        { unit_id: 'cust-unknown', value: 12.5 },
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({ accepted: 4, matched: 2, unmatched: [{ index: 1, request_id: 'never-seen' }, { index: 3, unit_id: 'cust-unknown' }] });
    const outcomes = await server.store.predictions.readOutcomes();
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { requestId: 'known', atMs: Date.parse('2026-01-31T00:00:00Z'), label: 'Yes' },
        expect.objectContaining({ requestId: 'never-seen', label: 'No' }),
        { unitId: 'cust-1', atMs: 1_700_000_000_000, label: 'Yes' },
        expect.objectContaining({ unitId: 'cust-unknown', label: '12.5', value: 12.5 }),
      ]),
    );
    const single = await feedback(server, { request_id: 'known', label: 'No' });
    expect(single.body).toEqual({ accepted: 1, matched: 1, unmatched: [] });
  });

  it('refuses outcomes it cannot store, naming each one, and stores none of the batch', async () => {
    const server = await serve();
    const { status, body } = await feedback(server, { outcomes: [{ request_id: 'a', label: 'Maybe' }, { label: 'Yes' }, { request_id: 'b', label: 'Yes', at: 'yesterday' }] });
    expect(status).toBe(400);
    expect(body.details).toEqual([
      { record: 0, field: 'label', message: 'label "Maybe" is not a class of the target: send "Yes" or "No" (or true/false, 1/0)' },
      { record: 1, message: 'an outcome needs a request_id or a unit_id to be joined to its prediction' },
      { record: 2, field: 'at', message: 'at must be an ISO date-time or epoch milliseconds, found "yesterday"' },
    ]);
    expect(await server.store.predictions.readOutcomes()).toEqual([]);
  });
});

describe('robustness', () => {
  /** A random JSON value built from the shapes clients get wrong: nesting, odd keys, extreme numbers. */
  function randomJson(random: () => number, depth = 0): unknown {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const kind = depth > 3 ? pick(['scalar']) : pick(['scalar', 'scalar', 'array', 'object', 'record']);
    if (kind === 'scalar') return pick<unknown>([null, true, false, 0, -1, 1e308, -1e-308, 3.5, '', ' ', 'NaN', 'Infinity', '12', 'basic', 'x'.repeat(300), '2024-02-30', {}, []]);
    if (kind === 'array') return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
    const keys = kind === 'record' ? ['tenure', 'plan', 'active', 'unit_id', 'record', 'records', 'dataframe_split', 'columns', 'data', 'label', 'request_id', 'outcomes', 'constructor', 'toString', 'run', 'to'] : ['records', 'record', 'unit_id', 'instances', 'inputs', 'dataframe_records', 'outcomes', 'hasOwnProperty'];
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(keys), randomJson(random, depth + 1)]));
  }

  it('never answers 500 to any JSON body on any route, and keeps serving', async () => {
    const server = await serve({ env: { FLYWHEEL_ADMIN_TOKEN: 't' }, admin: { promote: async () => ({ promoted: true }), rollback: async () => ({}) } });
    const random = mulberry32(2026);
    const routes = ['/v1/predict', '/invocations', '/v1/feedback', '/v1/admin/promote', '/v1/admin/rollback'];
    for (let i = 0; i < 600; i++) {
      const url = routes[i % routes.length]!;
      const response = await server.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, payload: JSON.stringify(randomJson(random)) });
      expect(response.statusCode, `${url} ${response.body}`).toBeLessThan(500);
      if (response.statusCode >= 400) expect(response.json<{ error: { code: string } }>().error.code).toBeTruthy();
    }
    expect((await predict(server, { record: testRecord() })).status).toBe(200);
  });

  it('answers 503, not 400 or 500, when the prediction log cannot be written', async () => {
    const server = await serve();
    server.store.predictions.logPredictions = () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    const { status, body } = await predict(server, { record: testRecord() });
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: 'conflict', message: 'the prediction log could not be written: SQLITE_FULL: database or disk is full' });
  });

  it('reports the store unreachable in /readyz instead of failing the probe', async () => {
    const server = await serve();
    await server.store.close();
    const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ checks: { champion_loaded: true, store_reachable: false } });
  });
});

describe('GET /metrics and /v1/models', () => {
  it('exposes request, prediction and log series by route, variant and model version', async () => {
    const server = await serve();
    await predict(server, { records: [testRecord(), testRecord({ tenure: 'x' })] });
    await predict(server, { record: { tenure: 'x' } });
    const response = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toContain('flywheel_http_requests_total{route="/v1/predict",method="POST",status="200"} 1');
    expect(text).toContain('flywheel_http_requests_total{route="/v1/predict",method="POST",status="400"} 1');
    expect(text).toContain(`flywheel_predictions_total{route="/v1/predict",variant="champion",model_version="${server.v1}"} 1`);
    expect(text).toContain(`flywheel_predict_duration_seconds_count{route="/v1/predict",variant="champion",model_version="${server.v1}"} 1`);
    expect(text).toContain('flywheel_record_errors_total{route="/v1/predict"} 2');
    expect(text).toContain('flywheel_http_errors_total{route="/v1/predict",code="data_invalid"} 1');
    expect(text).toContain('flywheel_log_queue_depth 0');
    expect(text).toContain('flywheel_log_records_total 1');
    expect(text).toContain(`flywheel_live_model{alias="champion",model_version="${server.v1}"} 1`);
  });

  it('lists the live versions, their package hashes and the traffic shares', async () => {
    const server = await serve();
    await setTestAlias(server.store.registry, TEST_MODEL, 'canary', server.v2, 5);
    await server.runtime.refresh();
    const body = (await server.app.inject({ method: 'GET', url: '/v1/models' })).json<Record<string, unknown>>();
    const v1 = await server.store.registry.getVersion(TEST_MODEL, server.v1);
    expect(body).toMatchObject({
      model: TEST_MODEL,
      live: { champion: { version: server.v1, sha256: v1!.sha256, kind: 'logistic' }, canary: { version: server.v2, traffic_percent: 5 } },
      traffic: { champion_percent: 95, canary_percent: 5, salt: `${TEST_MODEL}/canary/v${server.v2}` },
      aliases: { champion: server.v1, canary: server.v2 },
    });
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const server = await serve();
    const response = await server.app.inject({ method: 'GET', url: '/v2/predict' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found', message: 'no route GET /v2/predict' } });
  });
});
