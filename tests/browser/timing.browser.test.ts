// @vitest-environment node
/**
 * How soon the "!" badge appears (Chromium), measured, printed, not asserted: from the start of
 * the navigation (the new document's performance.timeOrigin) to the first time the service worker
 * sees "!" on the tab, polling chrome.action.getBadgeText every 10 ms. Median of 5 runs each, for a
 * rogue page (judged from its text) and a listed domain (judged from its address).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { median, timeToDangerBadge } from './support/badge-timing';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { fixture, HOSTS, serveTestPages } from './support/test-pages';

const RUNS = 5;

describe('time to the "!" badge (Chromium, measured)', { timeout: 90_000 }, () => {
  let server: FixtureServer;
  let h: ChromiumHarness;

  beforeAll(async () => {
    server = await startFixtureServer();
    serveTestPages(server);
    h = await launchChromium({ port: server.port });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it.each([
    ['rogue page (rogue-rxmeds-express24-catalogue)', () => server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'))],
    ['listed domain (www.tramadolus.org)', () => `http://www.${HOSTS.listed}/`],
  ])('%s', async (label, urlOf) => {
    const url = urlOf();
    const page = await h.context.newPage();
    const times = await timeToDangerBadge(h, page, url, RUNS);
    expect(times).toHaveLength(RUNS);
    // Not a passing flicker: still "!" once the page has loaded.
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    console.log(`[timing] ${label}: navigation start → "!" badge, median ${median(times)} ms of ${RUNS} runs (${times.join(', ')} ms)`);
    await page.close();
  });
});
