// @vitest-environment node
/**
 * Accessibility (Chromium, axe-core): the popup in its danger, caution and none states, the options
 * page, the full-page warning (RxRadar's own page in the tab) and the caution banner. The real
 * banner lives in a closed shadow root that axe cannot enter, so it is checked on the extension's
 * warning-preview page, which builds the same UI with the same module and styles in an open shadow
 * root. Zero violations. Keyboard: the popup and the options page work with Tab and Enter (Space
 * for the checkbox).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { axe } from './support/axe';
import { screenshotPath } from './support/build';
import type { ChromiumHarness } from './support/chromium';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';
import { waitForWarningPage } from './support/family';
import { fixture, HOSTS } from './support/test-pages';

describe('accessibility (Chromium, axe-core)', { timeout: 60_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
  });

  it.each([
    ['danger', 'rogue-tiny-m30', '!'],
    ['caution', 'caution-india-generics-no-rx', '?'],
    ['none', 'legit-pharmacy2u-nhs', ''],
  ])('popup, %s: no axe violations', async (_level, name, badge) => {
    const url = server.corpusPage(fixture(name));
    const since = Date.now();
    await page.goto(url).catch(() => undefined);
    if (badge === '!') await waitForWarningPage(page, h.extensionId, url);
    expect((await h.waitForBadge(page, badge)).text).toBe(badge);
    // The popup shows the verdict of the page's report, not the address's alone.
    await h.judged(page, { url, since });
    const popup = await h.openPopup(page);
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('popup for a listed domain, with the authority confirmation open: no axe violations', async () => {
    await page.goto(`http://${HOSTS.listed}/`).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, `http://${HOSTS.listed}/`);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    const popup = await h.openPopup(page);
    expect(await axe(popup)).toEqual([]);
    await popup.getByRole('button', { name: 'I trust this site' }).click();
    await popup.getByRole('alertdialog').waitFor();
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('options page: no axe violations (empty and with a trusted site)', async () => {
    const options = await h.openOptions();
    expect(await axe(options)).toEqual([]);
    await h.worker.evaluate(() =>
      chrome.storage.local.set({ trustedSites: [{ domain: 'example-pharmacy.com', addedAt: 1_700_000_000_000, overridesAuthority: false }] }),
    );
    await options.reload();
    await options.locator('ul.trusted').waitFor();
    expect(await axe(options)).toEqual([]);
    await options.close();
  });

  it('the full-page warning (RxRadar’s page in the tab): no axe violations', async () => {
    const url = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    await page.goto(url).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, url);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('warning-page'), fullPage: true });
  });

  it('in-page caution banner (warning-preview page, same UI in an open shadow root): no axe violations', async () => {
    const preview = await h.context.newPage();
    await preview.goto(`chrome-extension://${h.extensionId}/warning-preview.html`);
    await preview.waitForFunction(() => document.documentElement.dataset.ready);
    // The preview really renders the banner: axe must see inside it.
    const inner = await preview.evaluate(() => document.querySelector('rxradar-shield')?.shadowRoot?.textContent ?? '');
    expect(inner).toContain('look closer before buying');
    expect(await axe(preview)).toEqual([]);
    await preview.screenshot({ path: screenshotPath('preview-banner') });
    await preview.close();
  });

  it('popup works from the keyboard: Tab to "I trust this site", Enter; focus lands on the undo, Enter', async () => {
    const url = server.corpusPage(fixture('rogue-benzo-depot'));
    await page.goto(url).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    const popup = await h.openPopup(page);
    const focusName = () => popup.evaluate(() => document.activeElement?.textContent ?? '');
    let steps = 0;
    while ((await focusName()) !== 'I trust this site' && steps++ < 60) await popup.keyboard.press('Tab');
    expect(await focusName()).toBe('I trust this site');
    await popup.keyboard.press('Enter');
    await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).waitFor();
    expect((await h.waitForBadge(page, '')).text).toBe('');
    // The popup rendered again; keyboard focus was not dropped to the page's start.
    await expect.poll(focusName).toBe('Undo: stop trusting this site');
    // A visible focus indicator on it.
    expect(await popup.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await popup.keyboard.press('Enter');
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    await expect.poll(focusName).toBe('I trust this site');
    await popup.close();
  });

  it('options work from the keyboard: Space toggles the community list, Tab + Enter removes a trusted site', async () => {
    await h.worker.evaluate(() =>
      chrome.storage.local.set({ trustedSites: [{ domain: 'example-pharmacy.com', addedAt: 1_700_000_000_000, overridesAuthority: false }] }),
    );
    const options = await h.openOptions();
    const active = () => options.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '' }));
    let steps = 0;
    while ((await active()).id !== 'remove-0' && steps++ < 20) await options.keyboard.press('Tab');
    expect(await options.getByRole('button', { name: 'Remove example-pharmacy.com', exact: true }).evaluate((b) => b === document.activeElement)).toBe(true);
    await options.keyboard.press('Enter');
    await expect.poll(() => options.getByRole('status').textContent()).toBe('example-pharmacy.com is no longer trusted.');
    expect(await options.locator('ul.trusted').count()).toBe(0);
    // Focus stays in the section (its heading), so Tab goes on from there.
    expect((await active()).text).toBe('Sites you trust');
    steps = 0;
    while ((await active()).id !== 'community' && steps++ < 20) await options.keyboard.press('Tab');
    expect((await active()).id).toBe('community');
    await options.keyboard.press('Space');
    await expect.poll(() => options.getByRole('status').textContent()).toBe('Community list turned off.');
    await options.keyboard.press('Space');
    await expect.poll(() => options.getByRole('status').textContent()).toBe('Community list turned on.');
    await options.close();
  });
});
