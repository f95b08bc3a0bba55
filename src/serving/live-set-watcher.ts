// Hot swap: the registry is read every poll interval, and when the aliases the server loads have
// changed, a new live set is built beside the old one and swapped in by one assignment. Requests in
// flight keep the set they started with; a version that fails to load leaves the old set serving.

import type { RegistryStore } from '../store/types.js';
import { buildLiveSet, keyOfSet, liveKey, modelsOf, SERVING_ALIASES, type LiveSet } from './live-set.js';
import { liveAliases } from '../registry/aliases.js';

export interface LiveSetWatcherOptions {
  registry: RegistryStore;
  model: string;
  trafficSalt?: string | undefined;
  pollIntervalMs: number;
  now?: () => number;
  /** Told about every swap and every failed refresh (the server logs and counts them). */
  onSwap?: (next: LiveSet, previous: LiveSet | undefined) => void;
  onError?: (error: unknown) => void;
}

export class LiveSetWatcher {
  private set: LiveSet | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<boolean> | undefined;
  private lastErrorText: string | undefined;
  private readonly now: () => number;

  constructor(private readonly options: LiveSetWatcherOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The set serving now (undefined before the first successful refresh). */
  get current(): LiveSet | undefined {
    return this.set;
  }

  /** The message of the last failed refresh, cleared by a successful one. */
  get lastError(): string | undefined {
    return this.lastErrorText;
  }

  /**
   * Reads the registry once; resolves true when a new set was swapped in. Concurrent calls share
   * one read. A failure keeps the current set and is reported through onError and lastError.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<boolean> {
    try {
      const aliases = await liveAliases(this.options.registry, this.options.model);
      const wanted = liveKey(Object.fromEntries(SERVING_ALIASES.flatMap((a) => (aliases[a] === undefined ? [] : [[a, aliases[a]]]))));
      if (this.set !== undefined && keyOfSet(this.set) === wanted) {
        this.lastErrorText = undefined;
        return false;
      }
      const next = await buildLiveSet({ registry: this.options.registry, model: this.options.model, trafficSalt: this.options.trafficSalt, loaded: modelsOf(this.set), nowMs: this.now() });
      const previous = this.set;
      this.set = next;
      this.lastErrorText = undefined;
      this.options.onSwap?.(next, previous);
      return true;
    } catch (error) {
      this.lastErrorText = error instanceof Error ? error.message : String(error);
      this.options.onError?.(error);
      return false;
    }
  }

  /** Polls until stop(); the first refresh is the caller's (start awaits nothing). */
  start(): void {
    if (this.timer !== undefined) return;
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.refresh().finally(() => {
          if (this.timer !== undefined) tick();
        });
      }, this.options.pollIntervalMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.refreshing;
  }
}
