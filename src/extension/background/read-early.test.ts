import { describe, expect, it } from 'vitest';
import { readEarly } from './read-early';

describe('readEarly', () => {
  it('starts the read at once and gives it to the first caller; later callers read afresh', async () => {
    let reads = 0;
    const early = readEarly(async () => ++reads);
    expect(reads).toBe(1);
    expect(await early.get()).toBe(1);
    expect(await early.get()).toBe(2);
    expect(reads).toBe(2);
  });

  it('after invalidate() (the stored values changed), the first caller reads afresh too', async () => {
    let reads = 0;
    const early = readEarly(async () => ++reads);
    early.invalidate();
    expect(await early.get()).toBe(2);
  });

  it('a failed early read is no unhandled rejection, and its caller gets the failure', async () => {
    let reads = 0;
    const early = readEarly(async () => {
      reads++;
      if (reads === 1) throw new Error('storage not ready');
      return reads;
    });
    await new Promise((r) => setTimeout(r, 0));
    await expect(early.get()).rejects.toThrow('storage not ready');
    expect(await early.get()).toBe(2);
  });
});
