// Shadow scoring off the critical path: a request's shadow work is queued and run after the
// response has been handed to the socket (at a later turn of the event loop), one job at a time.
// A job that throws or a full queue never reaches a client: failures and drops are only counted.

export type ShadowJob = () => Promise<void> | void;

export interface ShadowQueueOptions {
  /** Jobs waiting beyond which new ones are dropped (0 turns shadow scoring off). */
  maxJobs: number;
  onOutcome?: (outcome: 'done' | 'failed' | 'dropped', error?: unknown) => void;
}

export class ShadowQueue {
  private readonly jobs: ShadowJob[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly options: ShadowQueueOptions) {}

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

  private async drain(): Promise<void> {
    try {
      while (this.jobs.length > 0) {
        // Yield first: the response that queued this job is written before shadow work starts.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const job = this.jobs.shift()!;
        try {
          await job();
          this.options.onOutcome?.('done');
        } catch (error) {
          this.options.onOutcome?.('failed', error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Resolves when every queued job has run. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }
}
