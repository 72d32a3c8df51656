// @vitest-environment node
/**
 * The popup explains a verdict (Chromium): reasons with quoted evidence, the list entry and its
 * source, what to do next, "Show on page", "I trust this site" (with the second confirmation for
 * authority-listed sites) and its undo, and the options page (trusted sites, community list).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from './support/build';
import type { ChromiumHarness } from './support/chromium';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';
import { readFileSync } from 'node:fs';
import { isWarningPage, waitForWarningPage } from './support/family';
import { FIXTURES_DIR } from './support/fixture-server';
import { fixture, HOSTS } from './support/test-pages';

describe('popup and options (Chromium)', { timeout: 60_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
  });

  /** Opens `url`; for danger, RxRadar's warning page takes the tab. */
  async function visit(url: string, badge: string) {
    await page.goto(url).catch(() => undefined);
    if (badge === '!') await waitForWarningPage(page, h.extensionId, url);
    expect((await h.waitForBadge(page, badge)).text, url).toBe(badge);
    await page.waitForTimeout(300);
  }
  const onWarningPage = (url: string) => isWarningPage(page.url(), h.extensionId, url);

  it('danger: reasons with quoted evidence and the "What to do next" links', async () => {
    const rogue = fixture('rogue-rxmeds-express24-catalogue');
    await visit(server.corpusPage(rogue), '!');
    const popup = await h.openPopup(page);
    await expect.poll(() => popup.locator('h1').textContent()).toBe('Danger: do not buy here');
    expect(await popup.locator('.host').textContent()).toBe('rxmeds-express24.com');
    const reasons = popup.locator('section[aria-labelledby="risk-title"] .reasons > li');
    expect(await reasons.count()).toBeGreaterThanOrEqual(3);
    const labels = await popup.locator('section[aria-labelledby="risk-title"] .reasons > li > .label').allTextContents();
    expect(labels).toContain('Says you can buy without a prescription');
    const quotes = await popup.locator('q.evidence').allTextContents();
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    // Quotes are the page's own words.
    const norm = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();
    const pageText = norm(
      readFileSync(`${FIXTURES_DIR}${rogue.file}`, 'utf8')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&amp;/g, '&'),
    );
    for (const q of quotes.filter((q) => !/^(https?:|BTC|ETH|TRON|XMR)/.test(q) && !q.includes('.com'))) expect(pageText).toContain(norm(q));

    const next = popup.locator('section.next');
    expect(await next.locator('h2').textContent()).toBe('What to do next');
    const hrefs = await next.locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        'https://safe.pharmacy/',
        expect.stringMatching(/^https:\/\/www\.fda\.gov\/.*besaferx/),
        expect.stringMatching(/^https:\/\/nabp\.pharmacy\//),
        expect.stringMatching(/overdose-prevention|naloxone/),
      ]),
    );
    expect(await next.textContent()).toMatch(/call 911 and use naloxone/);
    for (const target of await next.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('rel')))) expect(target).toContain('noopener');
    await popup.screenshot({ path: screenshotPath('popup-danger'), fullPage: true });
    await popup.close();
  });

  it('listed domain: the list entry and a link to its source', async () => {
    await visit(`http://${HOSTS.listed}/`, '!');
    const popup = await h.openPopup(page);
    const list = popup.locator('section.list-match');
    expect(await list.locator('h2').textContent()).toBe('On a government list');
    expect(await list.locator('.entry').textContent()).toBe('List entry: tramadolus.org');
    expect(await list.textContent()).toMatch(/Named by U\.S\. authorities: FDA warning letter/);
    expect(await list.locator('a').getAttribute('href')).toMatch(/^https:\/\/www\.fda\.gov\/.*warning-letters\/tramadol-us-634444/);
    // The site was stopped before it loaded: nothing of it to show on the page.
    expect(await popup.getByRole('button', { name: /^Show on page/ }).count()).toBe(0);
    await popup.screenshot({ path: screenshotPath('popup-listed-domain'), fullPage: true });
    await popup.close();
  });

  it('caution and none: the verdict in words; "Show on page" highlights the quoted text in the page', async () => {
    await visit(server.corpusPage(fixture('legit-cvs-refill')), '');
    let popup = await h.openPopup(page);
    expect(await popup.locator('h1').textContent()).toBe('No warning signs found');
    expect(await popup.getByRole('button', { name: 'I trust this site' }).count()).toBe(0);
    await popup.screenshot({ path: screenshotPath('popup-none'), fullPage: true });
    await popup.close();

    await visit(server.corpusPage(fixture('caution-edpills-no-rx')), '?');
    popup = await h.openPopup(page);
    expect(await popup.locator('h1').textContent()).toBe('Caution: look closer');
    await popup.screenshot({ path: screenshotPath('popup-caution'), fullPage: true });
    const quote = (await popup.locator('q.evidence').first().textContent())!;
    expect(await page.locator('rxradar-highlight').count()).toBe(0);
    await popup.getByRole('button', { name: `Show on page ${quote}`, exact: true }).click();
    await expect.poll(() => page.locator('rxradar-highlight').count(), { timeout: 3000 }).toBe(1);
    if (!popup.isClosed()) await popup.close();
  });

  it('"I trust this site" on a heuristic danger: the site opens, badge ""; undo brings the warning page back; the trust survives a reload', async () => {
    const url = server.corpusPage(fixture('rogue-meds4pain-percocet-pdp'));
    await visit(url, '!');
    const popup = await h.openPopup(page);
    await popup.getByRole('button', { name: 'I trust this site' }).click();
    await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).waitFor();
    expect(await popup.locator('h1').textContent()).toBe('No warning signs found');
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(url);
    expect((await h.waitForBadge(page, '')).text).toBe('');

    await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).click();
    await popup.getByRole('button', { name: 'I trust this site' }).waitFor();
    await waitForWarningPage(page, h.extensionId, url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    await popup.getByRole('button', { name: 'I trust this site' }).click();
    await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).waitFor();
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(url);
    const since = Date.now();
    await page.reload();
    expect(await h.judged(page, { url, since })).toMatchObject({ tabUrl: url, pendingUrl: null });
    expect((await h.badge(page)).text).toBe('');
    expect(onWarningPage(url)).toBe(false);
    await popup.close();
  });

  it('an authority-listed site needs a second confirmation; the badge stays "!" until "Yes, trust it anyway"', async () => {
    const url = `http://${HOSTS.listed}/`;
    await visit(url, '!');
    const popup = await h.openPopup(page);
    await popup.getByRole('button', { name: 'I trust this site' }).click();
    const confirm = popup.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/U\.S\. authorities named this site/);
    await popup.waitForTimeout(500);
    expect((await h.badge(page)).text).toBe('!');
    // Cancel puts the first button back, still untrusted.
    await popup.getByRole('button', { name: 'Cancel' }).click();
    await popup.getByRole('button', { name: 'I trust this site' }).click();
    await popup.getByRole('button', { name: 'Yes, trust it anyway' }).click();
    await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).waitFor();
    // The site opens (no longer stopped) and is not warned about.
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(url);
    expect(await page.locator('h1').textContent()).toBe('Welcome');
    expect((await h.waitForBadge(page, '')).text).toBe('');
    const since = Date.now();
    await page.reload();
    expect(await h.judged(page, { url, since })).toMatchObject({ tabUrl: url, pendingUrl: null });
    expect((await h.badge(page)).text).toBe('');
    expect(onWarningPage(url)).toBe(false);
    await popup.close();
  });

  it('options: lists the trusted sites, removing one brings the warning back; the community-list switch persists', async () => {
    const options = await h.openOptions();
    const items = options.locator('ul.trusted li .domain');
    expect((await items.allTextContents()).sort()).toEqual([HOSTS.listed, 'meds4painonline.co'].sort());
    expect(await options.locator('ul.trusted li', { hasText: HOSTS.listed }).textContent()).toContain('overrides a government list');
    await options.getByRole('button', { name: `Remove ${HOSTS.listed}`, exact: true }).click();
    await expect.poll(() => options.locator('ul.trusted li .domain').allTextContents()).toEqual(['meds4painonline.co']);
    expect(await options.getByRole('status').textContent()).toBe(`${HOSTS.listed} is no longer trusted.`);
    // The open tab on that site is warned again: RxRadar's page takes it.
    await waitForWarningPage(page, h.extensionId, `http://${HOSTS.listed}/`);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    const box = options.getByRole('checkbox', { name: /community blocklist/ });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => options.getByRole('status').textContent()).toBe('Community list turned off.');
    await options.reload();
    await options.locator('#community').waitFor();
    expect(await options.getByRole('checkbox', { name: /community blocklist/ }).isChecked()).toBe(false);
    await options.getByRole('checkbox', { name: /community blocklist/ }).check();
    await expect.poll(() => options.getByRole('status').textContent()).toBe('Community list turned on.');
    await options.reload();
    await options.locator('#community').waitFor();
    expect(await options.getByRole('checkbox', { name: /community blocklist/ }).isChecked()).toBe(true);
    await options.screenshot({ path: screenshotPath('options'), fullPage: true });
    await options.close();
  });
});
