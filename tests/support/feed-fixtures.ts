/**
 * List feeds for tests: entries, lists and signing keys made the same way everywhere (unit tests,
 * browser tests, the researchers' loop).
 */
import { type FeedList, type FeedSigningKey, generateFeedKeyPair, importFeedSigningKey, serializeFeed, signFeed } from '../../src/core/lists/list-feed';

/** One corroborated entry for `domain`, with a source. */
export function feedEntry(domain: string) {
  return {
    entry: domain,
    source: 'Test researcher report on rogue pharmacies',
    sourceUrl: 'https://example.org/report',
    date: '2026-11-20',
    confidence: 'corroborated' as const,
  };
}

/** A feed's list: `domains` as entries, published 2026-11-22T10:00Z. */
export function feedList(sequence: number, domains: string[], name = 'test feed'): FeedList {
  return { name, sequence, published: '2026-11-22T10:00:00.000Z', entries: domains.map(feedEntry) };
}

/** A new Ed25519 signing key (its public half as `publicKey`). */
export async function newFeedSigningKey(): Promise<FeedSigningKey> {
  return importFeedSigningKey((await generateFeedKeyPair()).privateKeyPkcs8);
}

/** A signed feed document for `list`, as `list publish` writes it. */
export async function signedFeedText(list: FeedList, key: FeedSigningKey): Promise<string> {
  return serializeFeed(await signFeed(list, key));
}
