/**
 * Base64 VLQ, as in source maps: a list of integers as a short ASCII string. Each integer is
 * zigzag-signed (0, -1, 1, -2, … → 0, 1, 2, 3, …), then written 5 bits at a time, low bits first,
 * one base64 character per 5 bits with the sixth bit set on all but the last. Numbers under 16 take
 * one character. Used for generated tables (unicode-fold-data.ts), where it is about a third the
 * size of the same numbers written as JSON.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function encodeVlq(numbers: readonly number[]): string {
  let out = '';
  for (const n of numbers) {
    if (!Number.isSafeInteger(n) || Math.abs(n) > 0x3fffffff) throw new RangeError(`VLQ: ${n} is not an integer in range`);
    let v = n < 0 ? (-n << 1) | 1 : n << 1;
    do {
      let digit = v & 31;
      v >>>= 5;
      if (v > 0) digit |= 32;
      out += ALPHABET[digit];
    } while (v > 0);
  }
  return out;
}

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function decodeVlq(text: string): number[] {
  const numbers: number[] = [];
  forEachVlq(text, 1, (n) => void numbers.push(n));
  return numbers;
}

/**
 * Decodes `text` and calls `each` with its numbers `arity` at a time (unused arguments are 0), with
 * no array in between: the generated tables are read once per service worker, on its start.
 */
export function forEachVlq(text: string, arity: 1 | 2 | 4, each: (a: number, b: number, c: number, d: number) => void): void {
  let a = 0;
  let b = 0;
  let c = 0;
  let k = 0;
  let v = 0;
  let scale = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? VALUE[code]! : -1;
    if (digit < 0) throw new SyntaxError(`VLQ: ${JSON.stringify(text[i])} at ${i} is not base64`);
    v += (digit & 31) * scale;
    if (digit & 32) {
      scale *= 32;
      continue;
    }
    const n = v % 2 === 1 ? -(v - 1) / 2 : v / 2;
    v = 0;
    scale = 1;
    if (k === 0) a = n;
    else if (k === 1) b = n;
    else if (k === 2) c = n;
    if (++k === arity) {
      if (arity === 1) each(n, 0, 0, 0);
      else if (arity === 2) each(a, n, 0, 0);
      else each(a, b, c, n);
      k = 0;
    }
  }
  if (scale !== 1) throw new SyntaxError('VLQ: the text ends inside a number');
  if (k !== 0) throw new SyntaxError(`VLQ: ${k} number(s) left over after groups of ${arity}`);
}
