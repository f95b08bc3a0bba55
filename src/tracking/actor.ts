// Who did something that is recorded (a promotion, a note, a look at the test set): the name set in
// FLYWHEEL_ACTOR, else the operating-system user, else "unknown".

import { userInfo } from 'node:os';

export function actorName(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.FLYWHEEL_ACTOR?.trim();
  if (configured !== undefined && configured !== '') return configured;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
