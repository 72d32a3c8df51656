import { describe, expect, it } from 'vitest';
import { startedEarly } from './started-early';

describe('startedEarly', () => {
  it('reads at once, hands that read to the first caller and reads again for later ones', async () => {
    let reads = 0;
    const take = startedEarly(async () => ++reads);
    expect(reads).toBe(1);
    expect(await take()).toBe(1);
    expect(await take()).toBe(2);
    expect(reads).toBe(2);
  });

  it('gives an early failure to the first caller only; a retry reads again', async () => {
    let fail = true;
    const take = startedEarly(async () => {
      if (fail) throw new Error('not yet');
      return 'file';
    });
    await new Promise((r) => setTimeout(r, 0)); // failed before anyone asked: no unhandled rejection
    fail = false;
    await expect(take()).rejects.toThrow('not yet');
    await expect(take()).resolves.toBe('file');
  });
});
