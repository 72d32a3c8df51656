// @vitest-environment node
/**
 * Languages (Chromium started in Spanish, then in Hindi): the popup, the badge title, the full-page
 * warning and the caution banner use that language's messages, and no English string leaks in.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, screenshotPath } from './support/build';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { waitForWarningPage } from './support/family';
import { shieldDom, shieldLang } from './support/shield';
import { fixture, HOSTS, serveTestPages } from './support/test-pages';

type Messages = Record<string, { message: string }>;
const messages = (lang: string): Messages => JSON.parse(readFileSync(`${ROOT}public/_locales/${lang}/messages.json`, 'utf8')) as Messages;
const EN = messages('en');

/** English messages (without placeholders, 12+ characters) that `lang` translates differently. */
function englishOnlyStrings(lang: string): string[] {
  const local = messages(lang);
  return Object.entries(EN)
    .filter(([key, { message }]) => !message.includes('$') && message.length >= 12 && local[key]?.message !== message)
    .map(([, { message }]) => message);
}

function hasDevanagariFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=hi'], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

describe('languages (Chromium)', { timeout: 90_000 }, () => {
  let server: FixtureServer | undefined;
  let h: ChromiumHarness | undefined;

  afterEach(async () => {
    await h?.close();
    await server?.close();
    h = undefined;
    server = undefined;
  });

  it.each(['es', 'hi'])('%s: popup, badge, warning and banner in that language', async (lang) => {
    if (lang === 'hi' && !hasDevanagariFont())
      console.warn('[languages] no Devanagari font installed (fonts-lohit-deva or fonts-noto-core): Hindi screenshots will show boxes');
    const m = messages(lang);
    const english = englishOnlyStrings(lang);
    expect(english.length).toBeGreaterThan(20);
    server = await startFixtureServer();
    serveTestPages(server);
    h = await launchChromium({ port: server.port, lang });
    const page: Page = await h.context.newPage();

    // The full-page warning (rogue shop) and the badge's title.
    const rogue = server.corpusPage(fixture('rogue-tiny-m30'));
    await page.goto(rogue).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, rogue);
    const badge = await h.waitForBadge(page, '!');
    expect(badge.text).toBe('!');
    expect(badge.title).toBe(m.badgeDanger!.message.replace('$1', 'pillsnoscript.net'));
    expect(await page.locator('h1').textContent()).toBe(m.warnTitle!.message);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    const warning = (await page.locator('.box').evaluate((root) => {
      const clone = root.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('.evidence').forEach((e) => e.remove()); // the page's own words
      return clone.textContent ?? '';
    }))!;
    for (const key of ['warnTitle', 'warnRisk', 'warnFound', 'goBack', 'continueAnyway', 'warnHelp']) expect(warning, key).toContain(m[key]!.message);
    for (const s of english) expect(warning, `English in the ${lang} warning`).not.toContain(s);
    await page.screenshot({ path: screenshotPath(`warning-${lang}`) });
    // Longer words and taller script: "Go back" still on a 1366×657 screen without scrolling.
    await page.setViewportSize({ width: 1366, height: 657 });
    const back = (await page.getByRole('button', { name: m.goBack!.message }).boundingBox())!;
    expect(back.y + back.height).toBeLessThanOrEqual(657);
    await page.setViewportSize({ width: 1280, height: 720 });

    // Popup: danger.
    let popup = await h.openPopup(page);
    expect(await popup.locator('html').getAttribute('lang')).toBe(lang);
    expect(await popup.locator('h1').textContent()).toBe(m.popupDanger!.message);
    const popupText = (await popup.locator('#app').evaluate((root) => {
      const clone = root.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('q.evidence, .host').forEach((e) => e.remove()); // page text and the address
      return clone.textContent ?? '';
    }))!;
    // No "Show on page" while the full-page warning covers the page (the highlight would be hidden).
    for (const key of ['popupDangerBody', 'popupFound', 'trustSite', 'nextTitle', 'nextEmergency', 'privacyShort', 'openOptions'])
      expect(popupText, key).toContain(m[key]!.message);
    expect(popupText).not.toContain(m.showOnPage!.message);
    for (const s of english) expect(popupText, `English in the ${lang} popup`).not.toContain(s);
    await popup.screenshot({ path: screenshotPath(`popup-danger-${lang}`), fullPage: true });
    await popup.close();

    // Listed domain: the list line is translated too.
    await page.goto(`http://${HOSTS.listed}/`).catch(() => undefined);
    await waitForWarningPage(page, h.extensionId, `http://${HOSTS.listed}/`);
    expect((await h.waitForBadge(page, '!')).text).toBe('!');
    popup = await h.openPopup(page);
    expect(await popup.locator('section.list-match h2').textContent()).toBe(m.popupListTitle!.message);
    await popup.screenshot({ path: screenshotPath(`popup-listed-domain-${lang}`), fullPage: true });
    await popup.close();

    // Caution banner.
    await page.goto(server.corpusPage(fixture('caution-edpills-no-rx')));
    expect((await h.waitForBadge(page, '?')).text).toBe('?');
    await expect.poll(async () => (await shieldDom(page)).text, { timeout: 5000 }).toContain(m.bannerTitle!.message.replace('$1', 'edpills-direct-uk.com'));
    const banner = await shieldDom(page);
    expect(await shieldLang(page, 'div')).toBe(lang);
    expect(banner.text).toContain(m.dismiss!.message);
    for (const s of english) expect(banner.text, `English in the ${lang} banner`).not.toContain(s);
    await page.screenshot({ path: screenshotPath(`banner-${lang}`) });
    popup = await h.openPopup(page);
    expect(await popup.locator('h1').textContent()).toBe(m.popupCaution!.message);
    expect(await popup.locator('button.show').first().textContent()).toBe(m.showOnPage!.message);
    await popup.screenshot({ path: screenshotPath(`popup-caution-${lang}`), fullPage: true });
    await popup.close();
  });
});
