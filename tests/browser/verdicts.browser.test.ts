// @vitest-environment node
/**
 * Verdicts in a real Chromium with the built extension: toolbar badge (danger "!", caution "?",
 * none "") and what the tab shows (RxRadar's full-page warning in place of the site, the caution
 * banner in the page, nothing), for listed addresses, fixture pages, late content, a
 * single-page-app route change and back/forward.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from './support/build';
import type { ChromiumHarness } from './support/chromium';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';
import { isWarningPage, waitForWarningPage } from './support/family';
import { findAx, shieldDom, shieldVisible, warningDialog } from './support/shield';
import { fixture, HOSTS } from './support/test-pages';

const RED = [198, 40, 40, 255];
const AMBER = [242, 169, 0, 255];

describe('verdicts and badge (Chromium)', { timeout: 60_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
  });

  async function expectDanger(url: string, shot?: string) {
    await page.goto(url).catch(() => undefined);
    // RxRadar's own page takes the tab: no script of the site runs there.
    await waitForWarningPage(page, h.extensionId, url);
    const badge = await h.waitForBadge(page, '!');
    expect(badge.text, url).toBe('!');
    expect(badge.color).toEqual(RED);
    expect(badge.title).toMatch(/danger/);
    expect(await page.locator('h1').textContent()).toBe('This site may sell dangerous fake medicines');
    expect(await page.getByRole('button', { name: 'Go back' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Continue anyway' }).count()).toBe(1);
    expect(await page.evaluate(() => location.protocol)).toBe('chrome-extension:');
    if (shot) await page.screenshot({ path: screenshotPath(shot) });
  }

  const warningText = () => page.locator('.box').innerText();

  async function expectNone(url: string) {
    const since = Date.now();
    await page.goto(url);
    // RxRadar has judged what the page reported and shown it: check nothing was raised.
    await h.judged(page, { since });
    const badge = await h.badge(page);
    expect(badge.text, url).toBe('');
    expect(badge.title).toMatch(/no warning signs/);
    expect(isWarningPage(page.url(), h.extensionId, url)).toBe(false);
    expect(await page.locator('rxradar-shield').count()).toBe(0);
  }

  it('a listed domain shows "!" and the warning: exact host, www. and a subdomain', async () => {
    await expectDanger(`http://${HOSTS.listed}/`, 'warning-listed-domain');
    expect(await warningText()).toContain('Named by U.S. authorities');
    expect(await warningText()).toContain('Read the source');
    await expectDanger(`http://www.${HOSTS.listed}/`);
    await expectDanger(`http://shop.${HOSTS.listed}/x`);
  });

  it('a rogue shop fixture shows "!" and the warning, quoting the page', async () => {
    await expectDanger(server.corpusPage(fixture('rogue-rxmeds-express24-catalogue')), 'warning-rogue-shop');
    expect(await warningText()).toContain('What we found');
    expect(await warningText()).toMatch(/“[^”]+”/);
  });

  it.each([
    [1366, 657, 'a small laptop screen'],
    [911, 438, 'the same screen zoomed to 150%'],
  ])('on %ix%i (%s) "Go back" is on screen without scrolling', async (width, height) => {
    await page.setViewportSize({ width, height });
    try {
      for (const name of ['rogue-rxmeds-express24-catalogue', 'rogue-tiny-m30', 'precursor-cnchem-pricelist']) {
        const url = server.corpusPage(fixture(name));
        await page.goto(url).catch(() => undefined);
        await waitForWarningPage(page, h.extensionId, url);
        const back = (await page.getByRole('button', { name: 'Go back' }).boundingBox())!;
        expect(back.y + back.height, name).toBeLessThanOrEqual(height);
        expect(back.y, name).toBeGreaterThanOrEqual(0);
      }
      await page.screenshot({ path: screenshotPath(`warning-${width}x${height}`) });
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it.each(['legit-cvs-refill', 'legit-healthwarehouse-catalogue', 'legit-pharmacy2u-nhs', 'news-reuters-operation-meltdown', 'gov-fda-besaferx'])(
    '%s: no badge, no warning',
    async (name) => {
      await expectNone(server.corpusPage(fixture(name)));
    },
  );

  it('drugs named only in image alt and button title text are read in the browser as in the CLI', async () => {
    await expectDanger(server.corpusPage(fixture('i9-alt-text-shop')));
    expect(await warningText()).toContain('Oxycodone');
  });

  it('the page structure reaches the engine: a paper with citation metadata stays quiet (text alone reads as danger)', async () => {
    await expectNone(server.corpusPage(fixture('i9-paper-abstract')));
  });

  // Long pages are read in two steps (page-watcher.ts, FIRST_READ_CHARS): the beginning, then the
  // whole page only when the beginning mentions something.
  const filler = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `<div class="card"><h3>Garden chair ${i}</h3><p>Weatherproof teak, folds flat, ships in two days.</p><span class="price">$49.99</span></div>`,
    ).join('');

  it('a long page whose beginning names a drug is read whole: a sale 40,000 characters down makes it danger', async () => {
    const html = `<!doctype html><html><head><title>Wellness shop</title></head><body><h1>Oxycodone 30 mg</h1>${filler(500)}
      <section><h2>Buy oxycodone 30mg now</h2><p>$5 per pill. No prescription needed. Pay with Bitcoin. 100% stealth shipping worldwide.</p>
      <button>Add to cart</button></section></body></html>`;
    server.page('long-rogue.example-rx.com', '/', html);
    await expectDanger('http://long-rogue.example-rx.com/');
    expect(await warningText()).toContain('No prescription needed');
  });

  it('a long ordinary shop is settled by its beginning and stays quiet', async () => {
    server.page('long-garden.example-rx.com', '/', `<!doctype html><html><head><title>Garden shop</title></head><body>${filler(800)}</body></html>`);
    await expectNone('http://long-garden.example-rx.com/');
  });

  it('a caution fixture shows "?" and a banner, not the dialog', async () => {
    await page.goto(server.corpusPage(fixture('caution-edpills-no-rx')));
    const badge = await h.waitForBadge(page, '?');
    expect(badge.text).toBe('?');
    expect(badge.color).toEqual(AMBER);
    await expect.poll(() => shieldVisible(page), { timeout: 5000 }).toMatchObject({ present: true, visible: true });
    expect(await warningDialog(page)).toBeNull();
    const banner = await findAx(page, 'region', 'RxRadar caution');
    expect(banner).toBeTruthy();
    expect((await shieldDom(page)).text).toContain('look closer before buying from edpills-direct-uk.com');
    expect(await findAx(page, 'button', 'Dismiss')).toBeTruthy();
    await page.screenshot({ path: screenshotPath('banner-caution') });
  });

  it('content inserted 1.5 s after load raises the badge to "!"', async () => {
    await page.goto(`http://${HOSTS.late}/`);
    expect((await h.badge(page)).text).toBe('');
    await waitForWarningPage(page, h.extensionId, `http://${HOSTS.late}/`);
    expect((await h.waitForBadge(page, '!', 6000)).text).toBe('!');
  });

  it('a single-page-app route change to a rogue view is flagged', async () => {
    const since = Date.now();
    await page.goto(`http://${HOSTS.spa}/`);
    await h.judged(page, { since });
    expect((await h.badge(page)).text).toBe('');
    await page.click('#catalogue');
    expect(page.url()).toBe(`http://${HOSTS.spa}/catalogue`);
    await waitForWarningPage(page, h.extensionId, `http://${HOSTS.spa}/catalogue`);
    expect((await h.waitForBadge(page, '!', 6000)).text).toBe('!');
  });

  it('back/forward: rogue (after "Continue anyway") → legit → back shows "!" again', async () => {
    await page.addInitScript(() => addEventListener('pageshow', (e) => ((window as unknown as { __restored?: boolean }).__restored = e.persisted)));
    const rogue = server.corpusPage(fixture('rogue-tiny-m30'));
    const legit = server.corpusPage(fixture('legit-cvs-refill'));
    await page.goto(rogue).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, rogue);
    await page.getByRole('button', { name: 'Continue anyway' }).click();
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(rogue);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    await page.goto(legit);
    expect((await h.waitForBadge(page, '')).text).toBe('');
    // A page restored from the back/forward cache fires no load event: wait for the commit only.
    await page.goBack({ waitUntil: 'commit' });
    expect(page.url()).toBe(rogue);
    await page.waitForFunction(() => (window as unknown as { __restored?: boolean }).__restored !== undefined);
    // The page came back from the back/forward cache (no new load, no new content script run).
    expect(await page.evaluate(() => (window as unknown as { __restored?: boolean }).__restored)).toBe(true);
    const badge = await h.waitForBadge(page, '!', 6000);
    expect(badge.text).toBe('!');
    await page.goForward({ waitUntil: 'commit' });
    expect((await h.waitForBadge(page, '')).text).toBe('');
    expect(await page.locator('rxradar-shield').count()).toBe(0);
  });
});
