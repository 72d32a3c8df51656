/**
 * Domain list benchmark: build time, memory per entry and lookups per second for the hash-based
 * DomainSet at 1k, 30k and 300k entries. Run with --expose-gc for memory figures.
 */
import { DomainSet } from '../../src/core/domain/domain-set';
import { prng } from '../../tests/support/prng';

const SYLLABLES = [
  'rx',
  'med',
  'pill',
  'pharma',
  'care',
  'shop',
  'online',
  'buy',
  'drug',
  'store',
  'best',
  'cheap',
  'usa',
  'health',
  'direct',
  '24',
  'plus',
  'now',
];
const TLDS = ['com', 'net', 'org', 'ru', 'in', 'co.uk', 'us', 'info', 'biz', 'shop'];

export function randomDomains(n: number, seed: number): string[] {
  const rnd = prng(seed);
  const out = new Set<string>();
  while (out.size < n) {
    const parts = 2 + Math.floor(rnd() * 3);
    let label = '';
    for (let i = 0; i < parts; i++) label += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]!;
    label += Math.floor(rnd() * 100000).toString(36);
    out.add(`${label}.${TLDS[Math.floor(rnd() * TLDS.length)]!}`);
  }
  return [...out];
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) collect?.();
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export interface LookupFigures {
  entries: number;
  buildMs: number;
  bytesPerEntry: number | null;
  tableBytesPerEntry: number;
  lookupsPerSecond: number;
}

export function benchLookups(n: number): LookupFigures {
  // Flat strings (as parsed from a list file); concatenated ones would be flattened during the
  // build and distort the memory figure.
  const domains = JSON.parse(JSON.stringify(randomDomains(n, n))) as string[];
  gc();
  const before = memory();
  let t = performance.now();
  let set: DomainSet | null = DomainSet.from(domains);
  const buildMs = performance.now() - t;
  gc();
  const after = memory();
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';

  // Queries: half listed (with a subdomain), half not; 4 labels on average.
  const rnd = prng(7);
  const misses = randomDomains(5000, n + 1);
  const queries: string[] = [];
  for (let i = 0; i < 10000; i++) {
    queries.push(i % 2 === 0 ? `www.shop.${domains[Math.floor(rnd() * domains.length)]!}` : `cdn.${misses[i % misses.length]!}`);
  }
  let hits = 0;
  for (let i = 0; i < 200_000; i++) if (set.match(queries[i % queries.length]!) >= 0) hits++; // warm-up
  const rounds = 1_000_000;
  t = performance.now();
  for (let i = 0; i < rounds; i++) if (set.match(queries[i % queries.length]!) >= 0) hits++;
  const seconds = (performance.now() - t) / 1000;
  if (hits < rounds / 2) throw new Error('benchmark queries did not hit as expected');
  const figures = {
    entries: n,
    buildMs,
    bytesPerEntry: hasGc ? (after - before) / n : null,
    tableBytesPerEntry: set.byteLength / n,
    lookupsPerSecond: rounds / seconds,
  };
  set = null;
  return figures;
}
