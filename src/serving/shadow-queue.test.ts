import { describe, expect, it } from 'vitest';
import { ShadowQueue } from './shadow-queue.js';

/** A clock the test moves by hand; jobs advance it to say how long they took. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ShadowQueue', () => {
  it('runs jobs after the current turn of the event loop, in order, and counts a throwing one as failed', async () => {
    const outcomes: string[] = [];
    const ran: number[] = [];
    const queue = new ShadowQueue({ maxJobs: 10, maxShare: 1, onOutcome: (o) => outcomes.push(o) });
    queue.push(() => void ran.push(1));
    queue.push(() => {
      throw new Error('shadow broke');
    });
    queue.push(() => void ran.push(3));
    expect(ran).toEqual([]);
    await queue.idle();
    expect(ran).toEqual([1, 3]);
    expect(outcomes).toEqual(['done', 'failed', 'done']);
  });

  it('drops jobs beyond its queue bound', async () => {
    const outcomes: string[] = [];
    const queue = new ShadowQueue({ maxJobs: 2, maxShare: 1, onOutcome: (o) => outcomes.push(o) });
    expect([queue.push(() => undefined), queue.push(() => undefined), queue.push(() => undefined)]).toEqual([true, true, false]);
    await queue.idle();
    expect(outcomes.sort()).toEqual(['done', 'done', 'dropped']);
  });

  it('holds shadow work to its share of the time: jobs are dropped while the budget is spent', async () => {
    const clock = manualClock();
    const outcomes: string[] = [];
    const queue = new ShadowQueue({ maxJobs: 1000, maxShare: 0.25, maxBurstMs: 100, now: clock.now, onOutcome: (o) => outcomes.push(o) });
    // Each job takes 40 ms and nothing else runs. Budget: 100 ms of burst, plus 10 ms refilled
    // during each job (25% of its 40 ms): 100 → 70 → 40 → 10 → -20. A job starts while any budget is
    // left, so the fourth runs (overdrawing by less than one job) and the rest are dropped.
    for (let i = 0; i < 10; i++) queue.push(() => void clock.advance(40));
    await queue.idle();
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'dropped')).toHaveLength(6);
    // 480 ms of other work refills 120 ms (25%): from -20 to 100, room for the next jobs again.
    clock.advance(480);
    outcomes.length = 0;
    for (let i = 0; i < 3; i++) queue.push(() => void clock.advance(40));
    await queue.idle();
    expect(outcomes).toEqual(['done', 'done', 'done']);
  });
});
