import { describe, expect, it } from 'vitest';
import { decodeVlq, encodeVlq, forEachVlq } from './vlq';

describe('base64 VLQ', () => {
  it('writes the numbers source maps write (the spec examples)', () => {
    // Source map v3: 0 → A, 1 → C, -1 → D, 15 → e, 16 → gB, 1000 → w+B.
    expect(encodeVlq([0, 1, -1, 15, 16, 1000])).toBe('ACDegBw+B');
  });

  it('reads back every number it writes, signs and large values included', () => {
    const numbers = [0, 1, -1, 31, -32, 65535, -65535, 0x10ffff, -0x3fffffff, 0x3fffffff];
    for (let n = -2000; n <= 2000; n += 7) numbers.push(n);
    expect(decodeVlq(encodeVlq(numbers))).toEqual(numbers);
  });

  it('refuses text that is not VLQ', () => {
    expect(() => decodeVlq('AC*')).toThrow(/not base64/);
    expect(() => decodeVlq('g')).toThrow(/ends inside a number/);
    expect(() => encodeVlq([1.5])).toThrow(RangeError);
  });

  it('reads the same numbers in groups (forEachVlq), and refuses a group left unfinished', () => {
    const numbers = [0, 1, -1, 31, -32, 65535, -65535, 0x10ffff, -0x3fffffff, 0x3fffffff, 7, -7];
    for (const arity of [2, 4] as const) {
      const seen: number[] = [];
      forEachVlq(encodeVlq(numbers), arity, (a, b, c, d) => seen.push(...[a, b, c, d].slice(0, arity)));
      expect(seen).toEqual(numbers);
    }
    expect(() => forEachVlq(encodeVlq([1, 2, 3]), 2, () => undefined)).toThrow(/left over/);
    expect(() => forEachVlq('g', 2, () => undefined)).toThrow(/ends inside a number/);
    expect(() => forEachVlq('A*', 2, () => undefined)).toThrow(/not base64/);
  });
});
