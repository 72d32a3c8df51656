/**
 * A host list in the form matching uses, built once (at build time for the extension) and loaded
 * as it is: each host as two 32-bit hashes of its name, sorted, in one Uint32Array (8 bytes a
 * host). Loading it parses nothing and builds nothing: the bytes are the table. A lookup hashes
 * the host once, right to left, and binary-searches every suffix that starts a label, so
 * `bad.com` matches `x.bad.com`, not `notbad.com` or `bad.com.evil.org`. A false match needs both
 * independent hashes to collide (about one in 10^19 per lookup at 30,000 hosts).
 *
 * File layout (little-endian uint32): magic, format version, host count, then count pairs
 * [h1, h2] sorted by h1 then h2 (as unsigned numbers).
 */
const MAGIC = 0x31485852; // "RXH1"
const VERSION = 1;
const HEADER_WORDS = 3;

export class PackedHostTable {
  private constructor(private readonly pairs: Uint32Array) {}

  /** Hosts held (duplicates counted once). */
  get size(): number {
    return this.pairs.length / 2;
  }

  /** Bytes of the file. */
  get byteLength(): number {
    return (this.pairs.length + HEADER_WORDS) * 4;
  }

  /** Packs normalised hosts into the file's bytes. */
  static pack(hosts: readonly string[]): Uint8Array {
    const keys: Array<[number, number]> = hosts.map((h) => hostHashes(h));
    keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const unique: Array<[number, number]> = [];
    for (const k of keys) {
      const last = unique[unique.length - 1];
      if (!last || last[0] !== k[0] || last[1] !== k[1]) unique.push(k);
    }
    const words = new Uint32Array(HEADER_WORDS + unique.length * 2);
    words[0] = MAGIC;
    words[1] = VERSION;
    words[2] = unique.length;
    for (let i = 0; i < unique.length; i++) {
      words[HEADER_WORDS + i * 2] = unique[i]![0];
      words[HEADER_WORDS + i * 2 + 1] = unique[i]![1];
    }
    return toLittleEndianBytes(words);
  }

  /** Reads a packed file; throws on anything that is not one (wrong magic, version or length, unsorted). */
  static fromBytes(bytes: ArrayBuffer | Uint8Array): PackedHostTable {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (view.byteLength < HEADER_WORDS * 4 || view.byteLength % 4 !== 0) throw new Error('packed host table: bad length');
    const dv = new DataView(view.buffer, view.byteOffset, view.byteLength);
    if (dv.getUint32(0, true) !== MAGIC) throw new Error('packed host table: not a packed host table');
    if (dv.getUint32(4, true) !== VERSION) throw new Error(`packed host table: format version ${dv.getUint32(4, true)}, expected ${VERSION}`);
    const count = dv.getUint32(8, true);
    if (view.byteLength !== (HEADER_WORDS + count * 2) * 4) throw new Error('packed host table: length does not match its host count');
    let pairs: Uint32Array;
    if (LITTLE_ENDIAN && view.byteOffset % 4 === 0) {
      pairs = new Uint32Array(view.buffer, view.byteOffset + HEADER_WORDS * 4, count * 2);
    } else {
      pairs = new Uint32Array(count * 2);
      for (let i = 0; i < count * 2; i++) pairs[i] = dv.getUint32((HEADER_WORDS + i) * 4, true);
    }
    for (let i = 2; i < pairs.length; i += 2) {
      if (pairs[i - 2]! > pairs[i]! || (pairs[i - 2] === pairs[i] && pairs[i - 1]! >= pairs[i + 1]!)) throw new Error('packed host table: not sorted');
    }
    return new PackedHostTable(pairs);
  }

  /** The longest listed suffix of `host` on a label boundary (the host itself or a parent), or null. */
  matchSuffix(host: string): string | null {
    let h1 = H1_SEED;
    let h2 = H2_SEED;
    let bestFrom = -1;
    for (let i = host.length - 1; i >= 0; i--) {
      const c = host.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
      if ((i === 0 || host.charCodeAt(i - 1) === 46) && this.has(h1 >>> 0, h2 >>> 0)) bestFrom = i;
    }
    return bestFrom < 0 ? null : host.slice(bestFrom);
  }

  private has(h1: number, h2: number): boolean {
    const pairs = this.pairs;
    let lo = 0;
    let hi = pairs.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const a = pairs[mid * 2]!;
      const b = pairs[mid * 2 + 1]!;
      if (a < h1 || (a === h1 && b < h2)) lo = mid + 1;
      else if (a > h1 || b > h2) hi = mid - 1;
      else return true;
    }
    return false;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const H1_SEED = 0x811c9dc5 | 0;
const H2_SEED = 0x3c6ef372;

/** Both hashes of a whole host, unsigned, read right to left (as matchSuffix reads hosts). */
function hostHashes(s: string): [number, number] {
  let h1 = H1_SEED;
  let h2 = H2_SEED;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return [h1 >>> 0, h2 >>> 0];
}

function toLittleEndianBytes(words: Uint32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) dv.setUint32(i * 4, words[i]!, true);
  return out;
}
