// The name a project's model is registered under: flywheel.yaml's registry.model, else the target
// column's name (a churn project registers "churn").

import type { ProjectConfig } from '../core/config.js';

export function registeredModelName(config: ProjectConfig): string {
  return config.registry.model ?? config.target.replace(/[^A-Za-z0-9_.-]+/g, '_');
}
