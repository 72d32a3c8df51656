/**
 * Signed list feeds: what a refresh costs the background. For feeds of n entries: the document
 * size, Ed25519 verification plus schema validation (verifyFeed), and building the new engine the
 * verified list is swapped into (the swap itself is one assignment). Median of `runs`.
 */
import { createEngine } from '../../src/core/engine';
import { type FeedList, generateFeedKeyPair, importFeedSigningKey, serializeFeed, signFeed, verifyFeed } from '../../src/core/lists/list-feed';
import { KnownPharmacyFileSchema } from '../../src/core/lists/list-schema';
import { bundledData } from '../../src/data/bundled-data';
import { loadCommunityListNode } from '../../src/data/load-community-list-node';

export interface FeedSwapFigures {
  entries: number;
  documentBytes: number;
  verifyMs: number;
  engineBuildMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchFeedSwap(sizes: readonly number[], runs = 5): Promise<FeedSwapFigures[]> {
  const key = await importFeedSigningKey((await generateFeedKeyPair()).privateKeyPkcs8);
  const known = KnownPharmacyFileSchema.parse(bundledData.knownPharmacies).pharmacies;
  const community = loadCommunityListNode();
  const out: FeedSwapFigures[] = [];
  for (const n of sizes) {
    const list: FeedList = {
      name: 'benchmark feed',
      sequence: 1,
      published: '2026-11-22T00:00:00Z',
      entries: Array.from({ length: n }, (_, i) => ({
        entry: `rogue-bench-${i.toString(36)}-pharmacy.com`,
        source: 'Benchmark researchers, seen selling without prescription',
        sourceUrl: 'https://example.org/bench',
        date: '2026-11-20',
        confidence: 'corroborated' as const,
      })),
    };
    const doc = serializeFeed(await signFeed(list, key));
    const bytes = new TextEncoder().encode(doc);
    const verify: number[] = [];
    const build: number[] = [];
    let verified: FeedList | null = null;
    for (let r = 0; r < runs; r++) {
      let t = performance.now();
      const v = await verifyFeed(bytes, [key.publicKey], { knownPharmacies: known });
      verify.push(performance.now() - t);
      if (!v.ok) throw new Error(v.message);
      verified = v.list;
      t = performance.now();
      createEngine({ ...bundledData, community, feeds: [{ name: verified.name, url: 'https://example.org/feed.json', entries: verified.entries }] });
      build.push(performance.now() - t);
    }
    out.push({ entries: n, documentBytes: bytes.length, verifyMs: median(verify), engineBuildMs: median(build) });
  }
  return out;
}
