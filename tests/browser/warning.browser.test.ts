// @vitest-environment node
/**
 * The full-page warning as a person uses it (Chromium). Danger is shown on RxRadar's own page in
 * the tab, where no script of the site can reach: "Continue anyway" and "Go back", the keyboard,
 * and the attacks that beat the old in-page dialog (a page that removes the warning, one that
 * keeps re-opening its own modal dialog over it, one that covers it with a click-through
 * top-layer popover, one that frames RxRadar's page to get a click, one that probes for it), and
 * page text that is HTML markup.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumHarness } from './support/chromium';
import { isWarningPage, waitForWarningPage } from './support/family';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';
import { fixture, HARMLESS_HTML, HOSTS, LISTENER_HOST, LISTENER_HTML } from './support/test-pages';

describe('full-page warning (Chromium)', { timeout: 90_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
  });

  async function openWarned(url: string) {
    await page.goto(url).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
  }

  it('"Continue anyway" opens the site, and it is not warned about again this session; the badge stays "!"', async () => {
    const url = server.corpusPage(fixture('rogue-xanbars-direct'));
    await openWarned(url);
    expect(await page.locator('h1').textContent()).toBe('This site may sell dangerous fake medicines');
    let since = Date.now();
    await page.getByRole('button', { name: 'Continue anyway' }).click();
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(url);
    // RxRadar has judged the page (danger) and shown it: no warning page is on its way.
    expect(await h.judged(page, { url, since })).toMatchObject({ level: 'danger', tabUrl: url, pendingUrl: null });
    expect(page.url()).toBe(url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    since = Date.now();
    await page.reload();
    expect(await h.judged(page, { url, since })).toMatchObject({ level: 'danger', tabUrl: url, pendingUrl: null });
    expect(page.url()).toBe(url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    // Only that site: another rogue site still gets the full warning.
    await openWarned(server.corpusPage(fixture('rogue-benzo-depot')));
  });

  it('a listed site is stopped before any request reaches it; "Continue anyway" lets it through for the session', async () => {
    await h.stopRuleInstalled();
    await page.goto('http://start.example/');
    server.requests.length = 0;
    const listed = `http://shop.${HOSTS.listed}/`;
    await openWarned(listed);
    expect(server.requests.filter((r) => r.host.endsWith(HOSTS.listed))).toHaveLength(0);
    await page.getByRole('button', { name: 'Continue anyway' }).click();
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(listed);
    expect(await page.locator('h1').textContent()).toBe('Welcome');
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
  });

  it('"Go back" returns to the page before, for a page judged by its content', async () => {
    const legit = server.corpusPage(fixture('legit-walgreens-transfer'));
    await page.goto(legit);
    await openWarned(server.corpusPage(fixture('rogue-studybuddy-adderall')));
    await page.getByRole('button', { name: 'Go back' }).click();
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(legit);
    expect((await h.waitForBadge(page, '')).text).toBe('');
  });

  it('keyboard: focus starts on "Go back", and Tab reaches "Continue anyway" and "Report this site…"', async () => {
    await openWarned(server.corpusPage(fixture('rogue-lean-syrup-shop')));
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 3000 }).toBe('Go back');
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      seen.add((await page.evaluate(() => document.activeElement?.textContent ?? '')).trim());
    }
    expect(seen).toContain('Continue anyway');
    expect(seen).toContain('Report this site…');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    expect(isWarningPage(page.url(), h.extensionId, page.url().split('#')[1]!)).toBe(true);
  });

  it.each([
    ['removes and hides the warning over and over', HOSTS.hostile],
    ['re-opens its own modal dialog ("Buy now") every 500 ms', HOSTS.dialogHostile],
    ['covers everything with a click-through top-layer popover', HOSTS.popoverHostile],
  ])('a page that %s cannot hide the warning: RxRadar’s page takes the tab', async (_attack, host) => {
    const url = `http://${host}/`;
    const since = Date.now();
    await openWarned(url);
    // RxRadar has judged the page and put its own page in the tab: the site's document, and every
    // script in it, is gone from the tab.
    expect(await h.judged(page, { url, since })).toMatchObject({ level: 'danger' });
    expect(isWarningPage(page.url(), h.extensionId, url)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __attacks?: number }).__attacks)).toBeUndefined();
    expect(await page.getByRole('button', { name: 'Buy now' }).count()).toBe(0);
    // What is on top in the middle of the screen is RxRadar's, and a click there does not let the site through.
    expect(await page.evaluate(() => !!document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('.box, body'))).toBe(true);
    const viewport = page.viewportSize()!;
    await page.mouse.click(viewport.width / 2, viewport.height / 2);
    await page.waitForTimeout(500);
    expect(isWarningPage(page.url(), h.extensionId, url)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).not.toBe('Continue anyway');
  });

  it('no site can detect RxRadar by loading its pages, or frame the warning page to get a click on it', async () => {
    server.page('prober.example', '/', HARMLESS_HTML);
    await page.goto('http://prober.example/');
    const probe = await page.evaluate(async (id) => {
      try {
        await fetch(`chrome-extension://${id}/blocked.html`);
        return 'fetched';
      } catch {
        return 'refused';
      }
    }, h.extensionId);
    expect(probe).toBe('refused');
    // An almost invisible frame of the warning page for a listed site, and a click in it.
    const listed = `http://www.${HOSTS.listed}/x`;
    await page.evaluate(
      ([id, target]) => {
        const f = document.createElement('iframe');
        f.src = `chrome-extension://${id}/blocked.html#${target}`;
        f.style.cssText = 'opacity:0.01;position:fixed;inset:0;width:100vw;height:100vh;border:0';
        document.body.append(f);
      },
      [h.extensionId, listed] as const,
    );
    await page.waitForTimeout(1500);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    expect(framed).toBeDefined();
    // The frame never gets RxRadar's page (the browser refuses it): nothing in it to click.
    expect(framed!.url()).not.toContain('blocked.html');
    await page.mouse.click(200, 200);
    await page.waitForTimeout(500);
    // No pass was granted: the listed site is still stopped.
    await openWarned(listed);
  });

  it('no page hears from RxRadar: its content scripts announce nothing a page script can listen to', async () => {
    // A page that knows RxRadar's (public) id listens from the first script in its head.
    server.page(LISTENER_HOST, '/', LISTENER_HTML);
    await page.goto(`http://${LISTENER_HOST}/?id=${h.extensionId}`);
    // Both scripts have run: the link to a listed site is marked.
    await page.waitForSelector('rxradar-link-mark', { state: 'attached', timeout: 15_000 });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard)).toEqual([]);
  });

  it('a page that spends any re-read budget on harmless changes is still judged when it shows its shop', async () => {
    const url = `http://${HOSTS.budget}/`;
    await page.goto(url);
    // 26 harmless changes 1.1 s apart (about 29 s), then the shop.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __shopShownAt?: number }).__shopShownAt ?? null).catch(() => -1), {
        timeout: 45_000,
        interval: 500,
      })
      .not.toBeNull();
    await waitForWarningPage(page, h.extensionId, url, 20_000);
    expect((await h.badge(page)).text).toBe('!');
  }, 120_000);

  it('page text that is HTML markup stays text on the warning page and in the popup; nothing runs', async () => {
    const url = `http://${HOSTS.markup}/`;
    await openWarned(url);
    const evidence = await page.locator('.evidence').allTextContents();
    expect(evidence.join(' ')).toContain('“no<script”');
    expect(await page.locator('.box img, .box script').count()).toBe(0);

    const popup = await h.openPopup(page);
    const quoted = await popup.locator('q.evidence').allTextContents();
    expect(quoted).toContain('no<script');
    expect(await popup.locator('#app img, #app script, .evidence-list img, .evidence-list script').count()).toBe(0);
    // While RxRadar's page stands in for the site there is no "Show on page" (the site is not shown).
    expect(await popup.getByRole('button', { name: /^Show on page/ }).count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await popup.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await popup.close();
  });
});
