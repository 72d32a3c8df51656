/**
 * A set of domains answering "is this host, or a parent of it, listed?" in constant time per
 * label, whatever the list size. Each domain is stored as two 32-bit hashes and an entry number
 * in one typed array (12 bytes a slot at a load of at most 0.6): about 20 bytes per domain,
 * against ~180 for a Set<string>. A false match needs both independent hashes to collide (about
 * one in 10^19 per lookup at 300,000 entries), so no strings are kept.
 */
export class DomainSet {
  private slots: Int32Array; // [h1, h2, entry+1] per slot; entry+1 === 0 marks an empty slot
  private capacity: number;
  /** Distinct domains held. */
  size = 0;

  private constructor(capacity: number) {
    this.slots = new Int32Array(capacity * 3);
    this.capacity = capacity;
  }

  /** Builds the set; `domains[i]` gets entry number i. Domains must already be normalised. */
  static from(domains: readonly string[]): DomainSet {
    const cap = Math.max(8, Math.ceil(domains.length / MAX_LOAD) + 1);
    const set = new DomainSet(cap);
    for (let i = 0; i < domains.length; i++) set.insert(domains[i]!, i);
    return set;
  }

  private insert(domain: string, entry: number): void {
    const [h1, h2] = suffixHashes(domain, 0);
    const slots = this.slots;
    const cap = this.capacity;
    let i = slotOf(h1, cap);
    for (;;) {
      const at = i * 3;
      if (slots[at + 2] === 0) {
        slots[at] = h1;
        slots[at + 1] = h2;
        slots[at + 2] = entry + 1;
        this.size++;
        return;
      }
      if (slots[at] === h1 && slots[at + 1] === h2) return; // duplicate: first entry wins
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  /** Entry number of `host` itself, or -1. */
  getExact(host: string): number {
    const [h1, h2] = suffixHashes(host, 0);
    return this.find(h1, h2);
  }

  /**
   * Entry number of the longest listed suffix of `host` on a label boundary (the host itself or a
   * parent), or -1. `bad.com` matches `x.bad.com`, not `notbad.com` or `bad.com.evil.org`.
   */
  match(host: string): number {
    return this.matchFrom(host).entry;
  }

  /** Entry number and the part of the host that matched. */
  matchWithHost(host: string): { entry: number; matched: string } | null {
    const { entry, from } = this.matchFrom(host);
    return entry < 0 ? null : { entry, matched: host.slice(from) };
  }

  /**
   * Hashes the host once, right to left, so every suffix's hash is ready when its label starts:
   * cost is linear in the host's length, however many labels it has.
   */
  private matchFrom(host: string): { entry: number; from: number } {
    let h1 = H1_SEED;
    let h2 = H2_SEED;
    let best = -1;
    let bestFrom = 0;
    for (let i = host.length - 1; i >= 0; i--) {
      const c = host.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
      if (i === 0 || host.charCodeAt(i - 1) === 46) {
        const found = this.find(h1, h2);
        if (found >= 0) {
          best = found;
          bestFrom = i;
        }
      }
    }
    return { entry: best, from: bestFrom };
  }

  private find(h1: number, h2: number): number {
    const slots = this.slots;
    const cap = this.capacity;
    let i = slotOf(h1, cap);
    for (;;) {
      const at = i * 3;
      const entry = slots[at + 2]!;
      if (entry === 0) return -1;
      if (slots[at] === h1 && slots[at + 1] === h2) return entry - 1;
      i = i + 1 === cap ? 0 : i + 1;
    }
  }

  /** Bytes held by the table, for benchmarks. */
  get byteLength(): number {
    return this.slots.byteLength;
  }
}

const MAX_LOAD = 0.6;

/** Maps a 32-bit hash onto 0..cap-1 without a power-of-two table (multiply, not modulo). */
function slotOf(h: number, cap: number): number {
  return Math.floor(((h >>> 0) * cap) / 4294967296);
}

const H1_SEED = 0x811c9dc5 | 0;
const H2_SEED = 0x3c6ef372;

/** Two independent 32-bit hashes of s[from..], read right to left (as matchFrom reads hosts). */
function suffixHashes(s: string, from: number): [number, number] {
  let h1 = H1_SEED;
  let h2 = H2_SEED;
  for (let i = s.length - 1; i >= from; i--) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return [h1, h2];
}
