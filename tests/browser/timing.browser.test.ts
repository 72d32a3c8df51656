// @vitest-environment node
/**
 * How soon the "!" badge appears (Chromium), measured, printed, not asserted: from the start of
 * the navigation (the new document's performance.timeOrigin) to the first time the service worker
 * sees "!" on the tab, polling chrome.action.getBadgeText every 10 ms. Median of 5 runs each, for a
 * rogue page (judged from its text) and a listed domain (judged from its address).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { fixture, HOSTS, serveTestPages } from './support/test-pages';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
    await page.goto('http://start.example/');
    const tabId = await h.tabId(page);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`http://start.example/?run=${run}`);
      expect(await h.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('');
      const seen = h.worker.evaluate(async (id) => {
        const until = Date.now() + 10_000;
        while (Date.now() < until) {
          if ((await chrome.action.getBadgeText({ tabId: id })) === '!') return Date.now();
          await new Promise((r) => setTimeout(r, 10));
        }
        return -1;
      }, tabId);
      const navigated = page.goto(`${url}?run=${run}`, { waitUntil: 'commit' });
      const [badgeAt] = await Promise.all([seen, navigated]);
      expect(badgeAt).toBeGreaterThan(0);
      const navStart = await page.evaluate(() => performance.timeOrigin);
      times.push(Math.round(badgeAt - navStart));
      // Not a passing flicker: still "!" once the page has loaded.
      await page.waitForLoadState('load');
      expect((await h.waitForBadge(page, '!')).text).toBe('!');
    }
    console.log(`[timing] ${label}: navigation start → "!" badge, median ${median(times)} ms of ${RUNS} runs (${times.join(', ')} ms)`);
    await page.close();
  });
});
