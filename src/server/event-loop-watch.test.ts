import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchEventLoop } from './event-loop-watch';

describe('watchEventLoop', () => {
  let t = 0;
  const clock = () => t;
  beforeEach(() => {
    t = 0;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => vi.useRealTimers());

  /** Moves the clock on by `ms` while the loop is held: no timer runs. */
  const stall = (ms: number) => (t += ms);
  /** Moves the clock on by `ms` with the loop free: timers run on time. */
  const run = (ms: number) => {
    for (let left = ms; left > 0; left -= 10) {
      t += Math.min(10, left);
      vi.advanceTimersByTime(Math.min(10, left));
    }
  };

  it('is not lagging while timers run on time', () => {
    const w = watchEventLoop(100, { now: clock });
    run(2_000);
    expect(w.lagging()).toBe(false);
    w.stop();
  });

  it('counts as lagging while its timer is overdue, before the late timer has run', () => {
    const w = watchEventLoop(100, { now: clock });
    run(200);
    stall(400);
    expect(w.lagging()).toBe(true);
    w.stop();
  });

  it('stays lagging for the cool-down after a late timer, then recovers', () => {
    const w = watchEventLoop(100, { now: clock, coolDownMs: 3_000 });
    run(200);
    stall(400);
    run(60); // the late timer runs
    expect(w.lagging()).toBe(true);
    run(2_500);
    expect(w.lagging()).toBe(true);
    run(600);
    expect(w.lagging()).toBe(false);
    w.stop();
  });

  it('does not count a lag at or under the bound', () => {
    const w = watchEventLoop(100, { now: clock });
    run(200);
    stall(90);
    expect(w.lagging()).toBe(false);
    run(100);
    expect(w.lagging()).toBe(false);
    w.stop();
  });
});
