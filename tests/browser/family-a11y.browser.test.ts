// @vitest-environment node
/**
 * Family mode's pages, checked with axe-core and photographed (Chromium): the block page (danger,
 * with and without the PIN form, and with a wrong PIN's message), the options page unlocked and
 * locked, and the block page in Spanish. Screenshots go to test-results/screenshots/family-*.png.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, screenshotPath } from './support/build';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { axe } from './support/axe';
import { chooseMode, lockNow, PARENT_PIN, setPin, statusSays, waitForBlockPage, WRONG_PIN } from './support/family';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { fixture, serveTestPages } from './support/test-pages';

type Messages = Record<string, { message: string }>;
const messages = (lang: string): Messages => JSON.parse(readFileSync(`${ROOT}public/_locales/${lang}/messages.json`, 'utf8')) as Messages;

const START = 'http://start.example/';
const LISTED = 'http://www.tramadolus.org/';

describe('family mode: accessibility and screenshots (Chromium, axe-core)', { timeout: 90_000 }, () => {
  let server: FixtureServer | undefined;
  let h: ChromiumHarness | undefined;

  afterEach(async () => {
    await h?.close();
    await server?.close();
    h = undefined;
    server = undefined;
  });

  async function start(lang?: string): Promise<{ h: ChromiumHarness; server: FixtureServer; page: Page }> {
    server = await startFixtureServer();
    serveTestPages(server);
    h = await launchChromium({ port: server.port, lang });
    return { h, server, page: await h.context.newPage() };
  }

  async function blocked(page: Page, url: string): Promise<void> {
    await page.goto(START);
    await page.goto(url).catch(() => undefined);
    await waitForBlockPage(page, h!.extensionId, url);
  }

  it('block page (danger; without and with the PIN form) and options page (unlocked, locked): no axe violations', async () => {
    const { h, server, page } = await start();
    await page.setViewportSize({ width: 1024, height: 900 });
    const options = await h.openOptions();
    await chooseMode(options, 'block');

    // Danger found on the page, no PIN: "Continue anyway".
    const rogue = server.corpusPage(fixture('rogue-rxmeds-express24-catalogue'));
    await blocked(page, rogue);
    expect(await page.getByRole('button', { name: 'Continue anyway' }).count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('family-block-page-en'), fullPage: true });

    // A listed domain, with the list's source link.
    await blocked(page, LISTED);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('family-block-page-listed-en'), fullPage: true });

    // The popup on a tab showing the block page.
    const popup = await h.openPopup(page);
    await popup.screenshot({ path: screenshotPath('family-popup-on-block-page'), fullPage: true });
    expect(await axe(popup)).toEqual([]);
    await popup.close();

    // Options, unlocked right after the PIN is set.
    await options.bringToFront();
    await setPin(options, PARENT_PIN);
    expect(await options.locator('#lock-title').textContent()).toBe('Settings unlocked');
    expect(await axe(options)).toEqual([]);
    await options.screenshot({ path: screenshotPath('family-options-unlocked'), fullPage: true });

    // The block page with the PIN form, then with a wrong PIN's message.
    await page.bringToFront();
    await blocked(page, server.corpusPage(fixture('rogue-benzo-depot')));
    expect(await page.getByLabel('Parent PIN').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('family-block-page-pin-en'), fullPage: true });
    await page.getByLabel('Parent PIN').fill(WRONG_PIN);
    await page.getByRole('button', { name: 'Open the site' }).click();
    await expect.poll(() => page.locator('section.proceed .status').textContent()).toBe('That PIN is not right.');
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('family-block-page-pin-wrong-en'), fullPage: true });

    // Options, locked.
    await options.bringToFront();
    await lockNow(options);
    expect(await axe(options)).toEqual([]);
    await options.screenshot({ path: screenshotPath('family-options-locked'), fullPage: true });
    // Keyboard: focus went to the PIN field of the unlock form.
    expect(await options.evaluate(() => document.activeElement?.id)).toBe('unlock-pin');
    // Locked, with a wrong PIN's message.
    await options.locator('#unlock-pin').fill(WRONG_PIN);
    await options.keyboard.press('Enter');
    await statusSays(options, 'That PIN is not right.');
    expect(await axe(options)).toEqual([]);
  });

  it('es: the block page in Spanish, no English left; no axe violations', async () => {
    const es = messages('es');
    const en = messages('en');
    const { h, page } = await start('es');
    const options = await h.openOptions();
    await options.locator('#mode-block').check();
    await statusSays(options, es.saved!.message);

    await blocked(page, LISTED);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.locator('h1').textContent()).toBe(es.blockTitle!.message);
    expect(await page.title()).toBe(`RxRadar: ${es.blockTitle!.message}`);
    expect(await page.locator('.lead').textContent()).toBe(es.blockLead!.message.replace('$1', 'www.tramadolus.org'));
    expect(await page.getByRole('button').allTextContents()).toEqual([es.goBack!.message, es.continueAnyway!.message]);
    const text = await page.locator('body').innerText();
    for (const key of ['blockTitle', 'warnFound', 'readSource', 'goBack', 'blockProceedTitle', 'blockNoPinNote', 'continueAnyway', 'warnHelp']) {
      expect(text, key).toContain(es[key]!.message);
      expect(text, key).not.toContain(en[key]!.message);
    }
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('family-block-page-es'), fullPage: true });
  });
});
