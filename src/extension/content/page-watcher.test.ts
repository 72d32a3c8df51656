import { describe, expect, it } from 'vitest';
import { sliceGoesOn } from './page-watcher';

describe('sliceGoesOn: when a read goes on to its next part in the same slice', () => {
  it('the first slice (the page just parsed) uses its whole time, so a small page is reported without waiting for idle time', () => {
    // A cold text read of a small page took 6 ms of a 10 ms first slice: the structure and the
    // snapshot follow at once (they waited 40-75 ms for the first idle period before).
    expect(sliceGoesOn(true, 6, 10)).toBe(true);
    expect(sliceGoesOn(true, 9.9, 10)).toBe(true);
    expect(sliceGoesOn(true, 10, 10)).toBe(false);
  });

  it('later slices go on only while half their time is left (a structure query cannot be cut short)', () => {
    expect(sliceGoesOn(false, 1.5, 4)).toBe(true);
    expect(sliceGoesOn(false, 2, 4)).toBe(true);
    expect(sliceGoesOn(false, 2.5, 4)).toBe(false);
  });
});
