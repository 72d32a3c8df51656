import { describe, expect, it } from 'vitest';
import { cachedRead } from './cached-read';

describe('cachedRead', () => {
  it('starts the read at once; every caller gets that read until the values change', async () => {
    let reads = 0;
    const inputs = cachedRead(async () => ++reads);
    expect(reads).toBe(1);
    expect(await inputs.get()).toBe(1);
    expect(await inputs.get()).toBe(1);
    expect(reads).toBe(1);
  });

  it('after invalidate() (the stored values changed), the next caller reads afresh, and that read is kept', async () => {
    let reads = 0;
    const inputs = cachedRead(async () => ++reads);
    await inputs.get();
    inputs.invalidate();
    expect(await inputs.get()).toBe(2);
    expect(await inputs.get()).toBe(2);
  });

  it('a read under way when the values change is not kept: it may have read them before the change', async () => {
    let reads = 0;
    let release: () => void = () => {};
    const inputs = cachedRead(async () => {
      const n = ++reads;
      if (n === 1) await new Promise<void>((r) => (release = r));
      return n;
    });
    const during = inputs.get();
    inputs.invalidate();
    release();
    expect(await during).toBe(1);
    expect(await inputs.get()).toBe(2);
    expect(await inputs.get()).toBe(2);
  });

  it('a failed read is no unhandled rejection, its callers get the failure, and it is not kept', async () => {
    let reads = 0;
    const inputs = cachedRead(async () => {
      reads++;
      if (reads === 1) throw new Error('storage not ready');
      return reads;
    });
    await expect(inputs.get()).rejects.toThrow('storage not ready');
    expect(await inputs.get()).toBe(2);
    expect(await inputs.get()).toBe(2);
    // Failed with no caller waiting: the first caller reads afresh.
    let later = 0;
    const unread = cachedRead(async () => {
      later++;
      if (later === 1) throw new Error('storage not ready');
      return later;
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(await unread.get()).toBe(2);
  });
});
