// The leakage audit's public surface: run every check (runLeakageAudit), the registry of checks, and
// the JSON contract (Finding, Skipped) other tools read. docs/leakage.md documents each check.

export { runLeakageAudit, NEED_DESCRIPTIONS } from './runner.js';
export { LEAKAGE_CHECKS } from './registry.js';
export { SEVERITIES, NEEDS, type Finding, type Skipped, type Severity, type Need, type LeakageInput, type LeakageCheck, type LeakageReport, type LeakageRunInput } from './types.js';
