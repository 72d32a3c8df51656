// @vitest-environment node
/**
 * Researchers' loop, for real, set up the way an organisation would: Chromium's machine policy
 * file names a signed list feed (`listSubscriptions`), the key it is signed with (`listKeys`) and
 * where reports go (`reportEndpoint`).
 * - The feed is served from 127.0.0.1 with ETags. When it starts listing a new domain, an open tab
 *   on that domain turns dangerous without reloading the page or the extension; a tampered or
 *   wrongly signed feed changes nothing and the options page says why.
 * - Firefox ESR too, with its policies.json "3rdparty" entry.
 * - A report sent while the intake server is down waits in the queue, survives a browser restart,
 *   and arrives exactly once when the server comes back.
 *
 * Each browser reads the policy from the machine-wide path, in a mount namespace of its own
 * (machine-policy.ts): no other browser on the machine sees it.
 */
import { waitForWarningPage } from './support/family';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningIntake, startIntakeServer } from '../../src/server/intake-server';
import { closedPort } from '../support/test-http';
import type { FeedsView, ReportQueueView } from '../../src/extension/messages';
import { screenshotPath } from './support/build';
import type { ChromiumHarness } from './support/chromium';
import { type ChromiumProfile, createChromiumProfile, sendFromPage } from './support/family';
import { FEED_NAME, type FeedServer, signedFeed, startFeedServer, testFeedKey } from './support/feed-server';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { type FirefoxHarness, launchFirefox } from './support/firefox';
import { chromiumMachinePolicy, firefoxMachinePolicy, type MachinePolicy } from './support/machine-policy';
import { fixture, HARMLESS_HTML, serveTestPages } from './support/test-pages';

const ALREADY_LISTED = 'older-rogue-feedtest.com';
const NEW_ROGUE = 'fresh-rogue-feedtest.com';
const SMUGGLED = 'smuggled-feedtest.com';
const ROGUE = fixture('rogue-rxmeds-express24-catalogue');
const NO_LIMIT = { capacity: 1_000_000, refillPerSec: 1_000_000 };

/**
 * A feed read on start: "ok", or "not-modified" when start-up checked it a second time (install,
 * then the policy's first answer, can each ask for a refresh; the second is a conditional request
 * that the server answers 304). Both mean the feed was read and its entries are in force.
 */
const READ_ON_START = expect.stringMatching(/^(ok|not-modified)$/);

describe('signed list feeds and reports, configured through browser policy (Chromium)', { timeout: 120_000 }, () => {
  let fx: FixtureServer;
  let feed: FeedServer;
  let profile: ChromiumProfile;
  let h: ChromiumHarness;
  let policy: MachinePolicy | undefined;
  let options: Page;
  let key: Awaited<ReturnType<typeof testFeedKey>>;
  let intakePort: number;
  let intake: RunningIntake | null = null;
  let dbDir: string;

  const launch = async () => {
    h = await profile.launch({ port: fx.port, direct: ['127.0.0.1'], policy });
    options = await h.openOptions();
  };
  const feeds = () => sendFromPage<FeedsView>(options, { type: 'get-feeds' });
  const queue = () => sendFromPage<ReportQueueView>(options, { type: 'get-report-queue' });

  beforeAll(async () => {
    fx = await startFixtureServer();
    serveTestPages(fx);
    for (const host of [ALREADY_LISTED, NEW_ROGUE, SMUGGLED]) fx.page(host, '/', HARMLESS_HTML);
    key = await testFeedKey();
    feed = await startFeedServer();
    feed.serve(await signedFeed(key, 1, [ALREADY_LISTED]));
    intakePort = await closedPort();
    dbDir = mkdtempSync(join(tmpdir(), 'rxradar-intake-browser-'));
    policy = chromiumMachinePolicy({ listKeys: [key.publicKey], listSubscriptions: [feed.url], reportEndpoint: `http://127.0.0.1:${intakePort}/v1/reports` });
    profile = await createChromiumProfile();
    await launch();
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    profile?.remove();
    policy?.remove();
    await intake?.close();
    await feed?.close();
    await fx?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('reads the feed named by policy on start and lists its domain', async () => {
    await expect
      .poll(async () => (await feeds()).feeds[0], { timeout: 20_000 })
      .toMatchObject({ url: feed.url, from: 'policy', status: READ_ON_START, entries: 1, name: FEED_NAME });
    expect((await feeds()).policyKeys).toBe(1);
    const page = await h.context.newPage();
    // Listed by the feed: stopped before any request, RxRadar's warning page in its place.
    await page.goto(`http://${ALREADY_LISTED}/`).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, `http://${ALREADY_LISTED}/`);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    await page.close();
  });

  it('a new domain on the feed is flagged in an open tab, without reloading the page or the extension', async () => {
    const page = await h.context.newPage();
    const since = Date.now();
    await page.goto(`http://${NEW_ROGUE}/`);
    await h.judged(page, { since });
    expect((await h.badge(page)).text).toBe('');
    const before = page.url();

    feed.serve(await signedFeed(key, 2, [ALREADY_LISTED, NEW_ROGUE]));
    await options.bringToFront();
    const view = await sendFromPage<FeedsView>(options, { type: 'refresh-feeds' });
    expect(view.feeds[0]).toMatchObject({ status: 'ok', entries: 2, error: null });

    expect((await h.waitForBadge(page, '!', 10_000)).text).toBe('!');
    // No reload: the open tab is judged again with the new lists, and RxRadar's warning page takes it.
    await waitForWarningPage(page, h.extensionId, before);
    await page.bringToFront();
    await page.screenshot({ path: screenshotPath('feed-flags-open-tab') });

    // The popup names the feed as the source.
    const popup = await h.openPopup(page);
    await expect.poll(() => popup.locator('.list-match').textContent()).toContain(FEED_NAME);
    await popup.close();
    await page.close();
  });

  it('a tampered, wrongly signed or unchanged feed changes nothing; the options page says why', async () => {
    // The payload is changed after signing: a domain smuggled in.
    const signed = JSON.parse(await signedFeed(key, 3, [ALREADY_LISTED, NEW_ROGUE]));
    signed.payload = signed.payload.replace(`"entry":"${NEW_ROGUE}"`, `"entry":"${SMUGGLED}"`);
    expect(signed.payload).toContain(SMUGGLED);
    feed.serve(JSON.stringify(signed));
    let view = await sendFromPage<FeedsView>(options, { type: 'refresh-feeds' });
    expect(view.feeds[0]).toMatchObject({ status: 'error', entries: 2 });
    expect(view.feeds[0]!.error).toMatch(/bad-signature/);

    const page = await h.context.newPage();
    const since = Date.now();
    await page.goto(`http://${SMUGGLED}/`);
    await h.judged(page, { since });
    expect((await h.badge(page)).text).toBe('');
    await page.goto(`http://${NEW_ROGUE}/`).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, `http://${NEW_ROGUE}/`);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    // Signed, but by a key nobody trusts.
    const stranger = await testFeedKey();
    feed.serve(await signedFeed(stranger, 4, [ALREADY_LISTED, NEW_ROGUE, SMUGGLED]));
    view = await sendFromPage<FeedsView>(options, { type: 'refresh-feeds' });
    expect(view.feeds[0]!.error).toMatch(/untrusted-key/);
    expect(view.feeds[0]!.entries).toBe(2);

    // Back to the good feed: answered with 304 to the ETag of the list in force? Not yet: the
    // list in force came with the sequence-2 document, which is served again.
    feed.serve(await signedFeed(key, 2, [ALREADY_LISTED, NEW_ROGUE]));
    await sendFromPage(options, { type: 'refresh-feeds' });
    view = await sendFromPage<FeedsView>(options, { type: 'refresh-feeds' });
    expect(feed.requests.at(-1)).toMatchObject({ status: 304 });
    expect(feed.requests.at(-1)!.ifNoneMatch).toMatch(/^"/);
    expect(view.feeds[0]).toMatchObject({ status: 'not-modified', entries: 2, error: null });

    await options.reload();
    await options.locator('#privacy-title').waitFor();
    await options.screenshot({ path: screenshotPath('options-feed-state'), fullPage: true });
    await page.close();
  });

  it('a report made while the intake server is down waits, survives a restart, and arrives exactly once', async () => {
    const page = await h.context.newPage();
    await page.goto(fx.corpusPage(ROGUE));
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    // The user's way: the popup's "Report this site…", then Send on the report page.
    const popup = await h.openPopup(page);
    const opened = h.context.waitForEvent('page');
    await popup.getByRole('button', { name: /Report this site/ }).click();
    const reportPage = await opened;
    await reportPage.waitForLoadState();
    const send = reportPage.getByRole('button', { name: /Send/ });
    await send.waitFor({ timeout: 10_000 });
    await send.click();
    await expect
      .poll(async () => (await queue()).items[0], { timeout: 15_000 })
      .toMatchObject({ status: 'queued', domain: 'rxmeds-express24.com', attempts: 1 });
    const queued = (await queue()).items[0]!;
    expect(queued.lastError).toMatch(/network error/);
    await reportPage.screenshot({ path: screenshotPath('report-queued'), fullPage: true });

    // The browser is closed with the report still waiting; the server comes back; the browser starts again.
    await h.close();
    intake = await startIntakeServer({ db: join(dbDir, 'reports.db'), port: intakePort, host: '127.0.0.1', rate: NO_LIMIT });
    await launch();
    // Retried by its alarm (first backoff: 15 to 30 s), with nobody pressing anything.
    await expect.poll(() => intake!.store.count(), { timeout: 60_000, interval: 500 }).toBe(1);
    await expect.poll(async () => (await queue()).items[0]?.status, { timeout: 10_000 }).toBe('sent');
    const stored = intake.store.get(queued.reportId);
    expect(stored).toBeDefined();

    // Nothing sends it again: "Send now", another restart.
    await sendFromPage(options, { type: 'report-queue-action', action: 'send-now' });
    await h.close();
    await launch();
    await options.waitForTimeout(3000);
    expect(intake.store.count()).toBe(1);
    expect((await queue()).counts).toMatchObject({ sent: 1, queued: 0, failed: 0 });
  });
});

describe('signed list feeds through browser policy (Firefox ESR)', { timeout: 120_000 }, () => {
  let fx: FixtureServer;
  let ff: FirefoxHarness;
  let policy: MachinePolicy | undefined;
  let key: Awaited<ReturnType<typeof testFeedKey>>;
  // Firefox sends every request through the fixture server (its proxy), 127.0.0.1 included: the
  // feed is served there, at the address the policy names.
  const FEED_URL = 'http://127.0.0.1:8765/feed.json';
  const serveFeed = (doc: string) => fx.page('127.0.0.1', '/feed.json', doc);
  const send = (type: string) =>
    ff.ext(
      (t: string) =>
        (globalThis as unknown as { browser: { runtime: { sendMessage(m: object): Promise<FeedsView> } } }).browser.runtime.sendMessage({ type: t }),
      type,
    );
  const feedsView = () => send('get-feeds');
  const refresh = () => send('refresh-feeds');

  beforeAll(async () => {
    fx = await startFixtureServer();
    serveTestPages(fx);
    for (const host of [ALREADY_LISTED, NEW_ROGUE, SMUGGLED]) fx.page(host, '/', HARMLESS_HTML);
    key = await testFeedKey();
    serveFeed(await signedFeed(key, 1, [ALREADY_LISTED]));
    policy = firefoxMachinePolicy({ listKeys: [key.publicKey], listSubscriptions: [FEED_URL] });
    ff = await launchFirefox({ port: fx.port, policy });
  }, 90_000);

  afterAll(async () => {
    await ff?.close();
    policy?.remove();
    await fx?.close();
  });

  it('flags a new domain in an open tab when the feed lists it; a tampered feed changes nothing', async () => {
    await expect.poll(async () => (await feedsView()).feeds[0], { timeout: 30_000 }).toMatchObject({ from: 'policy', status: READ_ON_START, entries: 1 });
    const page = await ff.browser.newPage();
    let since = Date.now();
    await page.goto(`http://${NEW_ROGUE}/`);
    const tab = await ff.tabId(`http://${NEW_ROGUE}/`);
    await ff.judged(`http://${NEW_ROGUE}/`, { since });
    expect((await ff.badge(tab)).text).toBe('');

    serveFeed(await signedFeed(key, 2, [ALREADY_LISTED, NEW_ROGUE]));
    expect((await refresh()).feeds[0]).toMatchObject({ status: 'ok', entries: 2 });
    expect((await ff.waitForBadge(tab, '!', 10_000)).text).toBe('!');

    const signed = JSON.parse(await signedFeed(key, 3, [ALREADY_LISTED, NEW_ROGUE]));
    signed.payload = signed.payload.replace(`"entry":"${NEW_ROGUE}"`, `"entry":"${SMUGGLED}"`);
    serveFeed(JSON.stringify(signed));
    const view = await refresh();
    expect(view.feeds[0]).toMatchObject({ status: 'error', entries: 2 });
    expect(view.feeds[0]!.error).toMatch(/bad-signature/);
    since = Date.now();
    await page.goto(`http://${SMUGGLED}/`);
    const smuggledTab = await ff.tabId(`http://${SMUGGLED}/`);
    await ff.judged(`http://${SMUGGLED}/`, { since });
    expect((await ff.badge(smuggledTab)).text).toBe('');
  });
});
