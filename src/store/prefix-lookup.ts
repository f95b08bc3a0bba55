// Lookup by a unique prefix of a hash or id, as users type them (`flywheel evaluate 3f9a1c`).
// An exact match always wins; a shorter key than MIN_PREFIX_LENGTH only matches exactly, so that
// a two-letter typo never silently selects some record.

import { FlywheelError } from '../core/errors.js';

export const MIN_PREFIX_LENGTH = 6;

/** How many prefix matches are fetched: enough to detect ambiguity and show a few candidates. */
export const PREFIX_CANDIDATES = 5;

export interface PrefixLookup<T> {
  /** What is looked up, singular (`split`, `run`), for messages. */
  what: string;
  exact(key: string): T | undefined;
  /** Up to `limit` keys that start with `prefix`, in key order. */
  keysWithPrefix(prefix: string, limit: number): string[];
}

export function lookupByPrefix<T>(key: string, lookup: PrefixLookup<T>): T | undefined {
  const found = lookup.exact(key);
  if (found !== undefined || key.length < MIN_PREFIX_LENGTH) return found;
  const matches = lookup.keysWithPrefix(key, PREFIX_CANDIDATES + 1);
  if (matches.length === 0) return undefined;
  if (matches.length === 1) return lookup.exact(matches[0]!);
  const shown = matches.slice(0, PREFIX_CANDIDATES);
  const more = matches.length > PREFIX_CANDIDATES ? ', …' : '';
  throw new FlywheelError('conflict', `${lookup.what} prefix "${key}" is ambiguous: it matches ${shown.join(', ')}${more}`, {
    hint: `type more characters of the ${lookup.what} id`,
    details: { prefix: key, matches: shown },
  });
}
