// @vitest-environment node
/**
 * The in-page warning as a person uses it (Chromium): "Continue anyway" and "Go back", the keyboard
 * inside the modal dialog, a page that attacks the warning, and page text that is HTML markup.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumHarness } from './support/chromium';
import type { FixtureServer } from './support/fixture-server';
import { useChromiumSession } from './support/session';
import { clickAx, focusedAx, shieldDom, shieldVisible, warningDialog } from './support/shield';
import { fixture, HOSTS } from './support/test-pages';

describe('in-page warning (Chromium)', { timeout: 60_000 }, () => {
  const session = useChromiumSession();
  let server: FixtureServer;
  let h: ChromiumHarness;
  let page: Page;
  beforeAll(() => {
    ({ server, h, page } = session);
  });

  async function openWarned(url: string) {
    await page.goto(url);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    await expect.poll(() => warningDialog(page), { timeout: 5000 }).toBeTruthy();
  }

  it('"Continue anyway" hides the warning, and it stays hidden on reload for that site this session; the badge stays "!"', async () => {
    const url = server.corpusPage(fixture('rogue-xanbars-direct'));
    await openWarned(url);
    await clickAx(page, 'button', 'Continue anyway');
    await expect.poll(() => page.locator('rxradar-shield').count(), { timeout: 3000 }).toBe(0);
    expect((await h.badge(page)).text).toBe('!');

    await page.reload();
    await page.waitForTimeout(1000);
    expect(await page.locator('rxradar-shield').count()).toBe(0);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');

    // Only that site: another rogue site still gets the full warning.
    await openWarned(server.corpusPage(fixture('rogue-benzo-depot')));
  });

  it('"Go back" returns to the previous page', async () => {
    const legit = server.corpusPage(fixture('legit-walgreens-transfer'));
    await page.goto(legit);
    await openWarned(server.corpusPage(fixture('rogue-studybuddy-adderall')));
    await clickAx(page, 'button', 'Go back');
    await expect.poll(() => page.url(), { timeout: 5000 }).toBe(legit);
    expect((await h.waitForBadge(page, '')).text).toBe('');
  });

  it('keyboard: focus starts on "Go back"; Tab and Shift+Tab never reach the page behind the dialog; Escape does not close it', async () => {
    await openWarned(server.corpusPage(fixture('rogue-lean-syrup-shop')));
    const title = 'This site may sell dangerous fake medicines';
    // The dialog itself is a focus stop when its content scrolls (Chrome's keyboard-focusable scrollers).
    const inside = new Set(['Go back', 'Continue anyway', 'Read the source', 'Report this site…', title]);
    await expect.poll(async () => (await focusedAx(page))?.name, { timeout: 3000 }).toBe('Go back');
    const seen = new Set<string>();
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      const focused = await focusedAx(page);
      const where = await page.evaluate(() => ({ hasFocus: document.hasFocus(), active: document.activeElement?.tagName }));
      if (!where.hasFocus) {
        // Past the last control, native modal dialogs hand focus to the browser's own toolbar (not
        // part of the page; the next Tab comes back into the dialog). Nothing in the page has it.
        expect(focused, `focus after ${key}`).toBeUndefined();
        continue;
      }
      expect(focused?.name, `focus after ${key}`).toBeDefined();
      expect(inside.has(focused!.name), `focus after ${key} is on "${focused?.name}" (${focused?.role})`).toBe(true);
      expect(where.active).toBe('RXRADAR-SHIELD');
      seen.add(focused!.name);
    }
    expect(seen).toContain('Go back');
    expect(seen).toContain('Continue anyway');
    // Escape, twice (Chrome lets a second Escape without user activation force-close a dialog).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1500);
    expect(await warningDialog(page)).toBeTruthy();
    expect(await shieldVisible(page)).toMatchObject({ present: true, visible: true });
    // Enter on the focused button works ("Continue anyway").
    for (let i = 0; i < 6 && (await focusedAx(page))?.name !== 'Continue anyway'; i++) await page.keyboard.press('Tab');
    expect((await focusedAx(page))?.name).toBe('Continue anyway');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('rxradar-shield').count(), { timeout: 3000 }).toBe(0);
  });

  it('a page that removes and hides the warning over and over cannot get rid of it', async () => {
    await openWarned(`http://${HOSTS.hostile}/`);
    await page.waitForTimeout(2000);
    expect(await page.evaluate(() => (window as unknown as { __attacks: number }).__attacks)).toBeGreaterThan(5);
    const state = await shieldVisible(page);
    expect(state).toMatchObject({ present: true, visible: true });
    const viewport = page.viewportSize()!;
    expect(state.box).toEqual({ width: viewport.width, height: viewport.height });
    expect(await page.locator('rxradar-shield').count()).toBe(1);
    expect(await warningDialog(page)).toBeTruthy();
    // What is on top in the middle of the screen is the warning.
    expect(await page.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.tagName)).toBe('RXRADAR-SHIELD');
  });

  it('page text that is HTML markup stays text in the warning and in the popup; nothing runs', async () => {
    await openWarned(`http://${HOSTS.markup}/`);
    // The page itself shows the markup as text.
    expect(await page.locator('body').innerText()).toContain('<img src=x onerror="window.__pwned=1">');
    const dom = await shieldDom(page);
    expect(dom.text).toContain('“no<script”');
    expect(dom.tags).not.toContain('img');
    expect(dom.tags).not.toContain('script');

    const popup = await h.openPopup(page);
    const evidence = await popup.locator('q.evidence').allTextContents();
    expect(evidence).toContain('no<script');
    expect(await popup.locator('#app img, #app script, .evidence-list img, .evidence-list script').count()).toBe(0);
    // While the warning covers the page there is no "Show on page" (the highlight would be hidden).
    expect(await popup.getByRole('button', { name: /^Show on page/ }).count()).toBe(0);

    await page.waitForTimeout(300);
    expect(await popup.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await popup.close();
  });
});
