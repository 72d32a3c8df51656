import { describe, expect, it } from 'vitest';
import { askBackground } from './ask-background';

const noWait = () => Promise.resolve();

describe('askBackground', () => {
  it('returns the first answer', async () => {
    let calls = 0;
    expect(await askBackground(async () => (++calls, { ok: 1 }), { wait: noWait })).toEqual({ ok: 1 });
    expect(calls).toBe(1);
  });

  it('asks again when the message fails or gets no answer (a worker starting up), then returns the answer', async () => {
    const replies: Array<() => Promise<{ ok: number } | undefined>> = [
      () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
      () => Promise.resolve(undefined),
      () => Promise.resolve({ ok: 2 }),
    ];
    let k = 0;
    expect(await askBackground(() => replies[k++]!(), { wait: noWait })).toEqual({ ok: 2 });
    expect(k).toBe(3);
  });

  it('takes null as an answer', async () => {
    let calls = 0;
    expect(await askBackground(async () => (++calls, null), { wait: noWait })).toBeNull();
    expect(calls).toBe(1);
  });

  it('gives up with undefined after the last wait, having waited between tries', async () => {
    const waits: number[] = [];
    const r = await askBackground(() => Promise.reject(new Error('x')), {
      waitsMs: [10, 20, 30],
      wait: async (ms) => void waits.push(ms),
    });
    expect(r).toBeUndefined();
    expect(waits).toEqual([10, 20, 30]);
  });
});
