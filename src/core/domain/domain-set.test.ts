import { prng } from '../../../tests/support/prng';
import { describe, expect, it } from 'vitest';
import { DomainSet } from './domain-set';

describe('DomainSet: matching', () => {
  const domains = ['bad-meds.com', 'rxmeds24.co.uk', 'shop.evil.org', 'someone.github.io'];
  const set = DomainSet.from(domains);

  it.each([
    // [host, entry number or -1]
    ['bad-meds.com', 0],
    ['www.bad-meds.com', 0],
    ['a.b.c.bad-meds.com', 0],
    ['rxmeds24.co.uk', 1],
    ['shop.rxmeds24.co.uk', 1],
    ['shop.evil.org', 2],
    ['x.shop.evil.org', 2],
    ['evil.org', -1], // a listed subdomain does not list its parent
    ['other.evil.org', -1],
    ['someone.github.io', 3],
    ['blog.someone.github.io', 3],
    ['other.github.io', -1],
    ['bad-meds.com.other.org', -1],
    ['notbad-meds.com', -1],
    ['bad-meds.co', -1],
    ['bad-meds.comx', -1],
    ['ad-meds.com', -1],
    ['xbad-meds.com', -1],
    ['bad-meds', -1],
    ['com', -1],
    ['', -1],
  ])('match(%j) = %i', (host, entry) => {
    expect(set.match(host)).toBe(entry);
  });

  it('getExact matches only the host itself', () => {
    expect(set.getExact('bad-meds.com')).toBe(0);
    expect(set.getExact('www.bad-meds.com')).toBe(-1);
    expect(set.getExact('shop.evil.org')).toBe(2);
    expect(set.getExact('evil.org')).toBe(-1);
  });

  it.each([
    ['bad-meds.com', 0, 'bad-meds.com'],
    ['www.bad-meds.com', 0, 'bad-meds.com'],
    ['a.b.shop.rxmeds24.co.uk', 1, 'rxmeds24.co.uk'],
    ['x.shop.evil.org', 2, 'shop.evil.org'],
  ])('matchWithHost(%j) → entry %i, matched %j', (host, entry, matched) => {
    expect(set.matchWithHost(host)).toEqual({ entry, matched });
  });

  it.each(['notbad-meds.com', 'bad-meds.com.other.org', 'evil.org', ''])('matchWithHost(%j) → null', (host) => {
    expect(set.matchWithHost(host)).toBeNull();
  });

  it('the longest listed suffix wins', () => {
    const s = DomainSet.from(['evil.org', 'shop.evil.org']);
    expect(s.matchWithHost('a.shop.evil.org')).toEqual({ entry: 1, matched: 'shop.evil.org' });
    expect(s.matchWithHost('a.evil.org')).toEqual({ entry: 0, matched: 'evil.org' });
  });

  it('duplicates: the first entry wins and matching is unaffected', () => {
    const s = DomainSet.from(['a-site.com', 'b-site.com', 'a-site.com', 'a-site.com']);
    expect(s.match('a-site.com')).toBe(0);
    expect(s.match('www.a-site.com')).toBe(0);
    expect(s.match('b-site.com')).toBe(1);
    expect(s.match('c-site.com')).toBe(-1);
  });

  it('an empty set matches nothing', () => {
    const s = DomainSet.from([]);
    expect(s.size).toBe(0);
    expect(s.match('bad-meds.com')).toBe(-1);
    expect(s.matchWithHost('bad-meds.com')).toBeNull();
    expect(s.getExact('')).toBe(-1);
    expect(s.byteLength).toBeGreaterThan(0);
  });
});

describe('DomainSet: size and byteLength', () => {
  it.each([1, 7, 100, 5000])('%i distinct domains', (n) => {
    const domains = Array.from({ length: n }, (_, i) => `site${i}.example${i % 7}.com`);
    const s = DomainSet.from(domains);
    expect(s.size).toBe(n);
    // 12 bytes a slot, load ≤ 0.6 (at least n / 0.6 slots); well under a Set<string>'s ~180 bytes a domain.
    expect(s.byteLength % 12).toBe(0);
    expect(s.byteLength / 12).toBeGreaterThan(n);
    if (n >= 100) expect(s.byteLength / n).toBeLessThanOrEqual(48);
  });
});

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const SUFFIXES = ['com', 'net', 'org', 'ru', 'co.uk', 'com.au', 'io', 'pharmacy', 'xn--p1ai'];

function randomLabel(rand: () => number, min = 1, max = 20): string {
  const len = min + Math.floor(rand() * (max - min + 1));
  let s = '';
  for (let i = 0; i < len; i++) {
    const ch = ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
    s += (i === 0 || i === len - 1) && ch === '-' ? 'x' : ch;
  }
  return s;
}

function randomDomain(rand: () => number): string {
  const sub = rand() < 0.2 ? `${randomLabel(rand, 1, 8)}.` : '';
  return `${sub}${randomLabel(rand)}.${SUFFIXES[Math.floor(rand() * SUFFIXES.length)]!}`;
}

/** Reference: walk the host and its parents through a plain Set. */
function referenceMatch(ref: Map<string, number>, host: string): number {
  let h = host;
  for (;;) {
    const e = ref.get(h);
    if (e !== undefined) return e;
    const dot = h.indexOf('.');
    if (dot < 0) return -1;
    h = h.slice(dot + 1);
  }
}

describe('DomainSet: property test against a Set-based reference', () => {
  it.each([1, 42, 20261122])('seed %i', (seed) => {
    const rand = prng(seed);
    const domains = Array.from({ length: 3000 }, () => randomDomain(rand));
    const ref = new Map<string, number>();
    domains.forEach((d, i) => {
      if (!ref.has(d)) ref.set(d, i);
    });
    const set = DomainSet.from(domains);

    for (const [d, i] of ref) {
      expect(set.getExact(d)).toBe(i);
      expect(set.match(d)).toBe(i);
      // Random subdomains match the same entry (unless a longer listed suffix exists in between).
      const sub = `${randomLabel(rand, 1, 10)}.${rand() < 0.5 ? `${randomLabel(rand, 1, 5)}.` : ''}${d}`;
      expect(set.match(sub)).toBeGreaterThanOrEqual(0);
      expect(set.match(sub)).toBe(referenceMatch(ref, sub));
      expect(set.matchWithHost(sub)?.entry ?? -1).toBe(referenceMatch(ref, sub));
      // Near misses on a label boundary do not match.
      const glued = `x${d}`;
      expect(set.match(glued)).toBe(referenceMatch(ref, glued));
      const appended = `${d}.evil.org`;
      expect(set.match(appended)).toBe(referenceMatch(ref, appended));
    }

    let misses = 0;
    for (let k = 0; k < 5000; k++) {
      const host = rand() < 0.5 ? randomDomain(rand) : `${randomLabel(rand, 1, 6)}.${randomDomain(rand)}`;
      const expected = referenceMatch(ref, host);
      if (expected < 0) misses++;
      expect(set.match(host)).toBe(expected);
    }
    expect(misses).toBeGreaterThan(4000); // the random hosts really are mostly not listed
  });
});
