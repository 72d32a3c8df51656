// @vitest-environment node
/**
 * Firefox (ESR, MV2 build) over WebDriver BiDi. What can be seen from here:
 * - danger: RxRadar's own warning page takes the tab (the site's document and scripts are gone,
 *   also for a page that covers everything with a top-layer popover); the keyboard works on it
 *   ("Go back" has focus; Enter goes back);
 * - caution: the <rxradar-shield> banner, shown at the top (its closed shadow root cannot be read
 *   from the page or over BiDi, so its words are checked in Chromium, and seen here in screenshots);
 * - the badge: read through the extension's own API (browserAction.getBadgeText) from an
 *   extension page, since the toolbar itself is outside what BiDi can see;
 * - the popup, opened as a page for the tab (popup.html?tab=<id>).
 */
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILDS, screenshotPath } from './support/build';
import type { FixtureServer } from './support/fixture-server';
import type { FirefoxHarness } from './support/firefox';
import { useFirefoxSession } from './support/session';
import { fixture, HOSTS, LISTENER_HOST, LISTENER_HTML } from './support/test-pages';

async function shield(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('rxradar-shield');
    if (!el) return { present: false, visible: false, closed: false, covers: false };
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      present: true,
      visible: cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0,
      closed: el.shadowRoot === null,
      // The whole viewport (scrollbars aside), and on top at its centre.
      covers:
        document.elementFromPoint(innerWidth / 2, innerHeight / 2) === el &&
        Math.abs(r.width - document.documentElement.clientWidth) <= 1 &&
        Math.abs(r.height - document.documentElement.clientHeight) <= 1,
    };
  });
}

describe('Firefox ESR with the MV2 build', { timeout: 90_000 }, () => {
  const session = useFirefoxSession();
  let server: FixtureServer;
  let ff: FirefoxHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, ff, page } = session);
  });

  const href = (p: Page) => p.evaluate(() => location.href).catch(() => '');
  const isWarningPage = (at: string, url: string) => at.startsWith(`${ff.extensionOrigin}/blocked.html`) && at.endsWith(`#${url}`);
  /** Opens `url` and waits for RxRadar's warning page in its place; returns the tab's address then. */
  async function goWarned(url: string): Promise<string> {
    void page.goto(url).catch(() => undefined);
    await expect.poll(async () => isWarningPage(await href(page), url), { timeout: 15_000 }).toBe(true);
    await page.waitForSelector('.box h1', { timeout: 10_000 });
    return href(page);
  }

  /**
   * Opens an ordinary page. Puppeteer does not see navigations that start from an extension page
   * (where the tab often is here: RxRadar's warning page) finish, so wait on the page instead.
   */
  async function open(url: string): Promise<void> {
    void page.goto(url).catch(() => undefined);
    await expect.poll(() => href(page), { timeout: 15_000 }).toBe(url);
    await page.waitForFunction(() => document.readyState === 'complete', { timeout: 15_000 });
  }

  async function popupFor(url: string): Promise<Page> {
    const tab = await ff.tabId(url);
    const popup = await ff.browser.newPage();
    await ff.openExtensionPage(popup, `popup.html?tab=${tab}`, 'section.verdict h1');
    return popup;
  }

  it('a listed domain: the warning page takes the tab, badge "!", popup names the list', async () => {
    const url = `http://${HOSTS.listed}/`;
    const at = await goWarned(url);
    const tab = await ff.tabId(at);
    expect((await ff.waitForBadge(tab, '!')).text).toBe('!');
    expect((await ff.badge(tab)).title).toBe('RxRadar: danger. tramadolus.org shows signs of an illegal online pharmacy.');
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('This site may sell dangerous fake medicines');
    await page.screenshot({ path: screenshotPath('firefox-warning-listed-domain') });
    const popup = await popupFor(at);
    expect(await popup.$eval('h1', (e) => e.textContent)).toBe('Danger: do not buy here');
    expect(await popup.$eval('section.list-match .entry', (e) => e.textContent)).toBe('List entry: tramadolus.org');
    await popup.screenshot({ path: screenshotPath('firefox-popup-listed-domain') });
    await popup.close();
  });

  it('a rogue shop: the warning page takes the tab, badge "!", popup explains; "Go back" works from the keyboard', async () => {
    const legit = server.corpusPage(fixture('legit-walgreens-transfer'));
    await open(legit);
    const url = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    const at = await goWarned(url);
    const tab = await ff.tabId(at);
    expect((await ff.waitForBadge(tab, '!')).text).toBe('!');
    await page.screenshot({ path: screenshotPath('firefox-warning-rogue-shop') });

    const popup = await popupFor(at);
    expect(await popup.$eval('h1', (e) => e.textContent)).toBe('Danger: do not buy here');
    expect(await popup.$$eval('q.evidence', (qs) => qs.length)).toBeGreaterThanOrEqual(3);
    expect(await popup.$eval('section.next', (e) => e.textContent)).toMatch(/call 911/);
    await popup.screenshot({ path: screenshotPath('firefox-popup-danger') });
    await popup.close();

    // The warning took focus on "Go back"; Enter leaves the site.
    await page.bringToFront();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Go back');
    await page.keyboard.press('Enter');
    await expect.poll(() => href(page), { timeout: 5000 }).toBe(legit);
  });

  it('a page that covers everything with a click-through top-layer popover cannot hide the warning', async () => {
    const url = `http://${HOSTS.popoverHostile}/`;
    const at = await goWarned(url);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await href(page)).toBe(at);
    // The site's document and its scripts are gone from the tab.
    expect(await page.evaluate(() => (window as unknown as { __attacks?: number }).__attacks)).toBeUndefined();
    expect(await page.$$eval('#cover', (c) => c.length)).toBe(0);
    await page.mouse.click(400, 300);
    await new Promise((r) => setTimeout(r, 500));
    expect(await href(page)).toBe(at);
  });

  it('no page hears from RxRadar: its content scripts announce nothing a page script can listen to', async () => {
    // The add-on id is public (its manifest): a page listens from the first script in its head.
    const id = (JSON.parse(readFileSync(join(BUILDS.firefox, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } })
      .browser_specific_settings.gecko.id;
    server.page(LISTENER_HOST, '/', LISTENER_HTML);
    const url = `http://${LISTENER_HOST}/?id=${encodeURIComponent(id)}`;
    await open(url);
    // Both scripts have run: the link to a listed site is marked.
    await page.waitForSelector('rxradar-link-mark', { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard)).toEqual([]);
  });

  it('a legitimate pharmacy: no warning, no badge, popup says no warning signs', async () => {
    const url = server.corpusPage(fixture('legit-cvs-refill'));
    const since = Date.now();
    await open(url);
    // RxRadar has judged what the page reported and shown it.
    expect((await ff.judged(url, { since })).tabUrl).toBe(url);
    const tab = await ff.tabId(url);
    expect((await ff.badge(tab)).text).toBe('');
    expect(await shield(page)).toMatchObject({ present: false });
    expect(isWarningPage(await href(page), url)).toBe(false);
    const popup = await popupFor(url);
    expect(await popup.$eval('h1', (e) => e.textContent)).toBe('No warning signs found');
    await popup.close();
  });

  it('a caution page: banner at the top, badge "?"', async () => {
    const url = server.corpusPage(fixture('caution-edpills-no-rx'));
    await open(url);
    const tab = await ff.tabId(url);
    expect((await ff.waitForBadge(tab, '?')).text).toBe('?');
    await expect.poll(async () => (await shield(page)).visible, { timeout: 5000 }).toBe(true);
    expect((await shield(page)).covers).toBe(false);
    await page.screenshot({ path: screenshotPath('firefox-banner') });
  });
});
