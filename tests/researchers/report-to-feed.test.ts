/**
 * The researchers' loop in one pass, with the real parts: a user's report of a new rogue site goes
 * through the extension's outbox to the intake server; a maintainer accepts it with the CLI (a
 * list entry with its source), signs a feed with the CLI, and an install that follows the feed
 * flags the site as dangerous, naming the feed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/core/engine';
import type { FeedList as IndexFeedList } from '../../src/core/lists/list-index';
import { KnownPharmacyFileSchema } from '../../src/core/lists/list-schema';
import { bundledData } from '../../src/data/bundled-data';
import type { FeedState } from '../../src/extension/feeds/feed-refresher';
import { createFeedSubscriptions } from '../../src/extension/feeds/feed-subscriptions';
import { createReportOutbox } from '../../src/extension/reports/report-outbox';
import { buildReport } from '../../src/reports/build-report';
import type { QueueState } from '../../src/reports/report-queue';
import { type RunningIntake, startIntakeServer } from '../../src/server/intake-server';
import { execCli } from '../support/cli-process';

const cli = execCli;

const ROGUE_URL = 'https://shop.new-rogue-loop-test.com/buy-oxycodone';
const ROGUE_PAGE = {
  url: ROGUE_URL,
  title: 'Buy Oxycodone 30mg online',
  text: 'Buy Oxycodone 30mg online. No prescription needed. Pay with Bitcoin for 20% off. 100% stealth shipping, reship if seized. Order on WhatsApp.',
};

describe('report → review → signed feed → flagged (researchers’ loop)', { timeout: 60_000 }, () => {
  let dir: string;
  let intake: RunningIntake;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxradar-loop-'));
    intake = await startIntakeServer({ db: join(dir, 'reports.db'), port: 0, rate: { capacity: 1000, refillPerSec: 1000 } });
  });
  afterAll(async () => {
    await intake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes the loop', async () => {
    const engine = createEngine({ ...bundledData, community: null });
    const verdict = engine.analyzePage(ROGUE_PAGE);
    expect(verdict.level).toBe('danger');
    expect(verdict.listMatch).toBeUndefined();
    expect(engine.checkUrl(ROGUE_URL).level).toBe('none');

    // 1. The user reports it (what the report page builds and the background's outbox sends).
    const built = buildReport({
      reportId: crypto.randomUUID(),
      url: ROGUE_URL,
      verdict,
      category: 'rogue-pharmacy',
      note: 'Found through a search ad.',
      time: new Date('2026-11-22T09:00:00Z'),
      extensionVersion: '0.1.0',
      listVersions: { authority: '2026-11-22', community: '2026-07-05' },
    });
    if (!built.ok) throw new Error(built.error);
    let stored: unknown;
    const outbox = createReportOutbox({
      load: async () => stored,
      save: async (s: QueueState) => void (stored = s),
      endpoint: async () => ({ url: `${intake.url}/v1/reports`, managed: false }),
      post: (url, init) => fetch(url, init),
      schedule: () => {},
    });
    expect(await outbox.submit(built.report)).toMatchObject({ ok: true, status: 'sent' });

    // 2. A maintainer accepts it: a list entry with its source.
    const db = join(dir, 'reports.db');
    const listFile = join(dir, 'reviewed.json');
    await cli('reports', 'accept', built.report.reportId, '--db', db, '--list', listFile, '--source-url', 'https://researchers.example.org/case/1');
    const list = JSON.parse(readFileSync(listFile, 'utf8')) as { entries: Array<{ entry: string; source: string }> };
    expect(list.entries.map((e) => e.entry)).toEqual(['new-rogue-loop-test.com']);

    // 3. ...and publishes a signed feed.
    const publicKey = (await cli('list', 'keygen', '--out', join(dir, 'keys'))).stdout.trim().split(/\s+/).pop()!;
    await cli('list', 'publish', '--key', join(dir, 'keys'), '--in', listFile, '--out', join(dir, 'feed.json'));

    // 4. An install following the feed (its key trusted by policy) flags the site, naming the feed.
    const FEED_URL = 'https://researchers.example.org/feed.json';
    const storage = new Map<string, { state: unknown; list: unknown }>();
    let lists: IndexFeedList[] = [];
    const subs = createFeedSubscriptions({
      storage: {
        load: async (u) => storage.get(u),
        save: async (u, state: FeedState, l) => void storage.set(u, { state, list: l ?? storage.get(u)?.list ?? null }),
        loadStates: async () => Object.fromEntries([...storage].map(([u, v]) => [u, v.state])),
        remove: async (us) => us.forEach((u) => storage.delete(u)),
      },
      fetch: async (url) => (url === FEED_URL ? new Response(readFileSync(join(dir, 'feed.json'))) : new Response(null, { status: 404 })),
      projectKeys: [],
      knownPharmacies: KnownPharmacyFileSchema.parse(bundledData.knownPharmacies).pharmacies,
      config: async () => ({ policySubscriptions: [FEED_URL], userSubscriptions: [], policyKeys: [publicKey] }),
      apply: (feeds) => void (lists = feeds),
    });
    const view = await subs.refresh();
    expect(view.feeds[0]).toMatchObject({ status: 'ok', entries: 1 });

    const updated = createEngine({ ...bundledData, community: null, feeds: lists });
    const now = updated.checkUrl(ROGUE_URL);
    expect(now.level).toBe('danger');
    expect(now.listMatch).toMatchObject({ tier: 'feed', entry: 'new-rogue-loop-test.com' });
    expect(now.listMatch!.source).toContain(built.report.reportId);
  });
});
