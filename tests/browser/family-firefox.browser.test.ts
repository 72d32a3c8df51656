// @vitest-environment node
/**
 * Block mode in Firefox ESR (MV2 build, declarativeNetRequest there too), set on the options page:
 * a listed domain goes to the block page with no request to its server, a rogue page is replaced
 * by the block page, and "Go back" leaves for the page before. (Browser policy in Firefox:
 * family-policy.browser.test.ts.)
 *
 * Puppeteer does not follow navigations to extension pages (page.url() keeps the old address),
 * so where the tab really is comes from the page itself.
 */
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from './support/build';
import { requestsTo } from './support/family';
import type { FixtureServer } from './support/fixture-server';
import type { FirefoxHarness } from './support/firefox';
import { useFirefoxSession } from './support/session';
import { fixture } from './support/test-pages';

const START = 'http://start.example/';
const LISTED = 'http://www.tramadolus.org/';

describe('family mode: block mode in Firefox ESR', { timeout: 90_000 }, () => {
  const session = useFirefoxSession();
  let server: FixtureServer;
  let ff: FirefoxHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, ff, page } = session);
  });

  const href = (p: Page) => p.evaluate(() => location.href).catch(() => '');
  const isBlockPage = (at: string, url: string) => at.startsWith(`${ff.extensionOrigin}/blocked.html`) && at.endsWith(`#${url}`);

  async function goBlocked(url: string): Promise<void> {
    // From RxRadar's page puppeteer cannot follow a navigation to its end: wait on the page.
    void page.goto(START).catch(() => undefined);
    await expect.poll(() => href(page), { timeout: 15_000 }).toBe(START);
    await page.waitForFunction(() => document.readyState === 'complete', { timeout: 15_000 });
    void page.goto(url).catch(() => undefined);
    await expect.poll(async () => isBlockPage(await href(page), url), { timeout: 15_000 }).toBe(true);
    await page.waitForSelector('.box h1', { timeout: 10_000 });
  }

  async function goBack(): Promise<void> {
    const back = await page.waitForSelector('button.primary');
    const since = Date.now();
    await back!.click();
    await expect.poll(() => href(page), { timeout: 10_000 }).toBe(START);
    // RxRadar has judged the page it came back to: nothing sends the tab anywhere now.
    expect((await ff.judged(START, { since })).tabUrl).toBe(START);
    expect(await href(page)).toBe(START);
  }

  it('"Block" on the options page; a listed domain goes to the block page with no request to its server; "Go back" works', async () => {
    const options = ff.control;
    await options.click('#mode-block');
    // Polled with $eval: waitForFunction builds its check with Function(), which an extension page's CSP refuses (Firefox 140).
    await expect.poll(() => options.$eval('p.status', (e) => e.textContent).catch(() => null), { timeout: 10_000 }).toBe('Saved.');
    expect(await options.$eval('#mode-block', (e) => (e as HTMLInputElement).checked)).toBe(true);

    server.requests.length = 0;
    await goBlocked(LISTED);
    expect(requestsTo(server.requests, 'tramadolus.org'), JSON.stringify(server.requests)).toBe(0);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('RxRadar blocked this site');
    expect(await page.$eval('ul.reasons a', (a) => (a as HTMLAnchorElement).href)).toMatch(/^https:\/\/www\.fda\.gov\/.*tramadol-us-634444/);
    await page.screenshot({ path: screenshotPath('family-firefox-block-page') });
    await goBack();
  });

  it('a rogue page is replaced by the block page; "Go back" leaves for good', async () => {
    const url = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    await goBlocked(url);
    expect(await page.$$eval('ul.reasons .label', (ls) => ls.map((l) => l.textContent))).toContain('Says you can buy without a prescription');
    await goBack();
  });
});
