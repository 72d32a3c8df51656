/**
 * A small open-addressing hash map from 32-bit keys to 32-bit values, in typed arrays.
 * The scanner hashes words as it reads them and looks the hash up here: no string is built
 * for a word unless its hash is known.
 */
export class HashIndex {
  /** Exposed read-only for hot loops that probe the table inline (see probe()). */
  keys: Int32Array;
  values: Int32Array;
  mask: number;
  size = 0;

  constructor(expected = 64) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.keys = new Int32Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /**
   * A table from arrays a HashIndex had (packed-index.ts: the compiled lexicon made at build time):
   * `keys` and `values` of the same power-of-two length, `size` keys in them.
   */
  static fromTables(keys: Int32Array, values: Int32Array, size: number): HashIndex {
    const n = keys.length;
    if (n !== values.length || n < 16 || (n & (n - 1)) !== 0 || size < 0 || size * 2 > n) throw new Error('HashIndex: bad hash table sizes');
    const index = new HashIndex(1);
    index.keys = keys;
    index.values = values;
    index.mask = n - 1;
    index.size = size;
    return index;
  }

  /** 0 marks an empty slot, so a key of 0 is stored as 1. */
  private static key(k: number): number {
    return k === 0 ? 1 : k | 0;
  }

  get(k: number): number | undefined {
    const key = HashIndex.key(k);
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const at = this.keys[i]!;
      if (at === key) return this.values[i];
      if (at === 0) return undefined;
      i = (i + 1) & this.mask;
    }
  }

  set(k: number, v: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const key = HashIndex.key(k);
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const at = this.keys[i]!;
      if (at === key) {
        this.values[i] = v;
        return;
      }
      if (at === 0) {
        this.keys[i] = key;
        this.values[i] = v;
        this.size++;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.values = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== 0) this.set(oldKeys[i]!, oldValues[i]!);
    }
  }
}

/** Looks a key up in a table's arrays; the same probe as HashIndex.get, for inlining. Returns -1 if absent. */
export function probe(keys: Int32Array, values: Int32Array, mask: number, k: number): number {
  const key = k === 0 ? 1 : k | 0;
  let i = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
  for (;;) {
    const at = keys[i]!;
    if (at === key) return values[i]!;
    if (at === 0) return -1;
    i = (i + 1) & mask;
  }
}

/** FNV-1a, 32 bit: the scanner's word hash, one step per character. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Hash of a word sequence, from the words' own hashes (order matters). */
export function hashPhrase(wordHashes: ArrayLike<number>, from = 0, to = wordHashes.length): number {
  let h = 0x2545f491;
  for (let i = from; i < to; i++) h = Math.imul(h ^ wordHashes[i]!, 0x5bd1e995) ^ (h >>> 15);
  return h;
}
