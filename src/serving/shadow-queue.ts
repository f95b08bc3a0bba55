// Shadow scoring off the critical path: a request's shadow work is queued and run after the
// response has been handed to the socket (at a later turn of the event loop), one job at a time.
// A job that throws never reaches a client, and shadow work is held to a share of the server's one
// thread: a time budget refills at `maxShare` of wall-clock time, each job spends what it took, and
// while the budget is spent (or the queue is full) jobs are dropped. Failures and drops are counted.

export type ShadowJob = () => Promise<void> | void;

export interface ShadowQueueOptions {
  /** Jobs waiting beyond which new ones are dropped (0 turns shadow scoring off). */
  maxJobs: number;
  /** The share of wall-clock time shadow jobs may use, in (0, 1]. */
  maxShare: number;
  /** The most budget that can be saved up while idle, in ms (a burst allowance). */
  maxBurstMs?: number;
  onOutcome?: (outcome: 'done' | 'failed' | 'dropped', error?: unknown) => void;
  now?: () => number;
}

export class ShadowQueue {
  private readonly jobs: ShadowJob[] = [];
  private running: Promise<void> | undefined;
  private budgetMs: number;
  private refilledAt: number;
  private readonly now: () => number;
  private readonly maxBurstMs: number;

  constructor(private readonly options: ShadowQueueOptions) {
    this.now = options.now ?? (() => performance.now());
    this.maxBurstMs = options.maxBurstMs ?? 200;
    this.budgetMs = this.maxBurstMs;
    this.refilledAt = this.now();
  }

  get depth(): number {
    return this.jobs.length;
  }

  /** Queues a job; returns false (and counts a drop) when the queue is full. */
  push(job: ShadowJob): boolean {
    if (this.jobs.length >= this.options.maxJobs) {
      this.options.onOutcome?.('dropped');
      return false;
    }
    this.jobs.push(job);
    this.running ??= this.drain();
    return true;
  }

  private refill(): void {
    const now = this.now();
    this.budgetMs = Math.min(this.maxBurstMs, this.budgetMs + (now - this.refilledAt) * this.options.maxShare);
    this.refilledAt = now;
  }

  private async drain(): Promise<void> {
    try {
      while (this.jobs.length > 0) {
        // Yield first: the response that queued this job is written before shadow work starts.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const job = this.jobs.shift()!;
        this.refill();
        if (this.budgetMs <= 0) {
          this.options.onOutcome?.('dropped');
          continue;
        }
        const started = this.now();
        try {
          await job();
          this.options.onOutcome?.('done');
        } catch (error) {
          this.options.onOutcome?.('failed', error);
        } finally {
          this.budgetMs -= this.now() - started;
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Resolves when every queued job has run (or been dropped). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }
}
