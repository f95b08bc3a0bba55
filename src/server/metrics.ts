// The server's Prometheus metrics, in a registry of its own (never prom-client's global one, so two
// servers in one process — tests — do not share series): requests and latency by route and status,
// predictions and their latency by route, variant and model version, record and log errors, the log
// writer's queue, shadow outcomes and hot swaps.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'route' | 'method' | 'status'>;
  requestSeconds: Histogram<'route' | 'method'>;
  predictions: Counter<'route' | 'variant' | 'model_version'>;
  predictSeconds: Histogram<'route' | 'variant' | 'model_version'>;
  recordErrors: Counter<'route'>;
  errors: Counter<'route' | 'code'>;
  logCommits: Counter;
  logRecords: Counter;
  logFailures: Counter;
  logCommitSeconds: Histogram;
  shadow: Counter<'outcome'>;
  swaps: Counter;
  refreshErrors: Counter;
  liveModel: Gauge<'alias' | 'model_version'>;
}

export interface MetricsSources {
  logQueueDepth: () => number;
  shadowQueueDepth: () => number;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createMetrics(sources: MetricsSources, options: { processMetrics?: boolean } = {}): ServerMetrics {
  const registry = new Registry();
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'flywheel_' });
  const registers = [registry];
  new Gauge({ name: 'flywheel_log_queue_depth', help: 'Prediction log records waiting for a commit.', registers, collect() { this.set(sources.logQueueDepth()); } });
  new Gauge({ name: 'flywheel_shadow_queue_depth', help: 'Shadow scoring jobs waiting to run.', registers, collect() { this.set(sources.shadowQueueDepth()); } });
  return {
    registry,
    requests: new Counter({ name: 'flywheel_http_requests_total', help: 'HTTP requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'], registers }),
    requestSeconds: new Histogram({ name: 'flywheel_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route and method.', labelNames: ['route', 'method'], buckets: LATENCY_BUCKETS, registers }),
    predictions: new Counter({ name: 'flywheel_predictions_total', help: 'Records scored and logged, by route, variant (champion, canary, shadow) and model version.', labelNames: ['route', 'variant', 'model_version'], registers }),
    predictSeconds: new Histogram({
      name: 'flywheel_predict_duration_seconds',
      help: 'Time from a predict request’s arrival to its answer (log commit included), by route, variant and model version.',
      labelNames: ['route', 'variant', 'model_version'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    recordErrors: new Counter({ name: 'flywheel_record_errors_total', help: 'Records refused by the input checks, by route.', labelNames: ['route'], registers }),
    errors: new Counter({ name: 'flywheel_http_errors_total', help: 'Error responses, by route and error code.', labelNames: ['route', 'code'], registers }),
    logCommits: new Counter({ name: 'flywheel_log_commits_total', help: 'Prediction log transactions committed.', registers }),
    logRecords: new Counter({ name: 'flywheel_log_records_total', help: 'Prediction log records committed.', registers }),
    logFailures: new Counter({ name: 'flywheel_log_failures_total', help: 'Prediction log records whose commit failed.', registers }),
    logCommitSeconds: new Histogram({ name: 'flywheel_log_commit_duration_seconds', help: 'Time to commit one prediction log transaction.', buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1], registers }),
    shadow: new Counter({ name: 'flywheel_shadow_jobs_total', help: 'Shadow scoring jobs, by outcome (done, failed, dropped).', labelNames: ['outcome'], registers }),
    swaps: new Counter({ name: 'flywheel_live_set_swaps_total', help: 'Live model sets swapped in after a registry change.', registers }),
    refreshErrors: new Counter({ name: 'flywheel_registry_refresh_errors_total', help: 'Registry reads or package loads that failed (the previous live set kept serving).', registers }),
    liveModel: new Gauge({ name: 'flywheel_live_model', help: 'The model versions live now (1 per alias and version).', labelNames: ['alias', 'model_version'], registers }),
  };
}
