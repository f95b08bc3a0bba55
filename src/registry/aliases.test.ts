import { describe, expect, it } from 'vitest';
import type { AliasEvent, RegistryStore } from '../store/types.js';
import { aliasesAt, checkAlias, liveAliases } from './aliases.js';

const event = (alias: string, version: number | null, atMs: number): AliasEvent => ({ name: 'churn', alias, version, previousVersion: null, actor: 'ana', reason: 'r', atMs });

describe('alias history', () => {
  it('replays the events up to a moment, removals included', () => {
    const events = [event('champion', 1, 10), event('canary', 2, 20), event('champion', 2, 30), event('canary', null, 30), event('champion', 1, 40)];
    expect(aliasesAt(events, 5)).toEqual({});
    expect(aliasesAt(events, 25)).toEqual({ champion: 1, canary: 2 });
    expect(aliasesAt(events, 30)).toEqual({ champion: 2 });
    expect(aliasesAt(events, 1e15)).toEqual({ champion: 1 });
  });

  it('knows the four aliases and rejects others with the list', () => {
    expect(checkAlias('shadow')).toBe('shadow');
    expect(() => checkAlias('prod')).toThrow(/champion, challenger, shadow, canary/);
    expect(() => checkAlias('champ')).toThrow('unknown alias "champ" (did you mean "champion"?)');
  });
});

describe('live aliases', () => {
  it('reads each alias with the canary traffic recorded by its promotion', async () => {
    const events: AliasEvent[] = [
      { ...event('champion', 1, 10) },
      { ...event('canary', 2, 20), gate: { traffic_percent: 5 } },
    ];
    const registry = { aliases: async () => ({ champion: 1, canary: 2 }), aliasHistory: async () => events } as unknown as RegistryStore;
    expect(await liveAliases(registry, 'churn')).toEqual({ champion: { version: 1 }, canary: { version: 2, trafficPercent: 5 } });
  });
});
