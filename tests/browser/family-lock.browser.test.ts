// @vitest-environment node
/**
 * The parent's PIN lock (Chromium), set and used on the options page and the popup:
 * - locked, the options page offers no working control (the mode cannot be changed), and the
 *   background refuses the same changes sent without the PIN (as a child with DevTools could);
 * - removing a trusted site and turning block mode off need the PIN; so does "I trust this site";
 * - wrong PINs are throttled: after three, even the right PIN is refused with a time to retry,
 *   and that survives a browser restart (the same profile started again);
 * - the stored PIN record is a PBKDF2-SHA-256 hash (600,000+ iterations), never the PIN;
 * - the options page says whether RxRadar may run in private windows, and how to allow it.
 *
 * chrome.runtime.reload() is no way to restart here: for an extension loaded with
 * --load-extension, Chromium disables it instead of reloading it (its pages then fail with
 * ERR_BLOCKED_BY_CLIENT), so the restart is a real one: the browser closed and started again on
 * the same profile.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseMode,
  type ChromiumProfile,
  createChromiumProfile,
  lockNow,
  PARENT_PIN,
  type ProfileBrowser,
  sendFromPage,
  setPin,
  statusSays,
  tryUnlock,
  WRONG_PIN,
} from './support/family';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { fixture, serveTestPages } from './support/test-pages';

const TRUSTED = fixture('rogue-meds4pain-percocet-pdp'); // meds4painonline.co
const CAUTION = fixture('caution-edpills-no-rx'); // edpills-direct-uk.com

describe('family mode: the PIN lock (Chromium)', { timeout: 90_000 }, () => {
  let server: FixtureServer;
  let profile: ChromiumProfile;
  let b: ProfileBrowser;
  let page: Page;

  beforeAll(async () => {
    server = await startFixtureServer();
    serveTestPages(server);
    profile = await createChromiumProfile();
    b = await profile.launch({ port: server.port });
    page = await b.context.newPage();
  }, 90_000);

  afterAll(async () => {
    await b?.close();
    profile?.remove();
    await server?.close();
  });

  const settingsDisabled = (options: Page) => options.locator('fieldset.editable').evaluate((e) => (e as HTMLFieldSetElement).disabled);
  const mode = async (options: Page) =>
    ((await sendFromPage(options, { type: 'get-protection-state' })) as { settings: { protectionMode: string } }).settings.protectionMode;

  it('a parent trusts a site, picks block mode, sets a PIN and locks: the options page is locked', async () => {
    // Before any PIN: "I trust this site" needs nothing more.
    const trustedUrl = server.corpusPage(TRUSTED);
    const since = Date.now();
    await page.goto(trustedUrl);
    expect((await b.waitForBadge(page, '!', 8000)).text).toBe('!');
    await b.judged(page, { url: trustedUrl, since });
    const popup = await b.openPopup(page);
    await popup.getByRole('button', { name: 'I trust this site' }).click();
    await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).waitFor();
    await popup.close();

    const options = await b.openOptions();
    expect(await options.locator('ul.trusted .domain').allTextContents()).toEqual(['meds4painonline.co']);
    await chooseMode(options, 'block');
    await setPin(options, PARENT_PIN);
    expect(await options.locator('#lock-title').textContent()).toBe('Settings unlocked');
    await lockNow(options);
    expect(await options.locator('#lock-title').textContent()).toBe('Settings are locked');

    // Every control in the settings is disabled.
    expect(await settingsDisabled(options)).toBe(true);
    for (const control of [
      options.getByRole('radio', { name: /^Warn:/ }),
      options.getByRole('radio', { name: /^Block:/ }),
      options.getByRole('checkbox', { name: 'In block mode, block caution pages too' }),
      options.getByRole('button', { name: 'Remove meds4painonline.co' }),
      options.getByRole('button', { name: 'Remove the PIN' }),
      options.getByRole('button', { name: 'Show activity' }),
    ]) {
      expect(await control.isDisabled()).toBe(true);
    }
    // Clicking the "Warn" label changes nothing.
    await options.locator('label[for="mode-warn"]').click({ force: true });
    await options.waitForTimeout(300);
    expect(await options.getByRole('radio', { name: /^Block:/ }).isChecked()).toBe(true);
    expect(await mode(options)).toBe('block');

    // The background refuses the same changes sent without the PIN.
    expect(await sendFromPage(options, { type: 'update-settings', change: { protectionMode: 'warn' } })).toEqual({ ok: false, error: 'locked' });
    expect(await sendFromPage(options, { type: 'untrust-site', domain: 'meds4painonline.co' })).toEqual({ ok: false, error: 'locked' });
    expect(await sendFromPage(options, { type: 'remove-pin' })).toEqual({ ok: false, error: 'locked' });
    expect(await sendFromPage(options, { type: 'set-pin', pin: '864213' })).toEqual({ ok: false, error: 'locked' });
    expect(await mode(options)).toBe('block');
    await options.reload();
    await options.locator('#unlock-pin').waitFor();
    expect(await options.locator('ul.trusted .domain').allTextContents()).toEqual(['meds4painonline.co']);
    await options.close();
  });

  it('"I trust this site" in the popup asks for the PIN when locked: a wrong PIN is refused, the right one works', async () => {
    // A caution page (block mode blocks danger only): the banner shows and the popup offers trust.
    const cautionUrl = server.corpusPage(CAUTION);
    const since = Date.now();
    await page.goto(cautionUrl);
    expect((await b.waitForBadge(page, '?', 8000)).text).toBe('?');
    await b.judged(page, { url: cautionUrl, since });
    const popup = await b.openPopup(page);
    await popup.getByRole('button', { name: 'I trust this site' }).click();
    const dialog = popup.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.locator('#confirm-text').textContent()).toBe('Enter the parent PIN first.');
    const pin = dialog.getByLabel('Parent PIN');
    expect(await pin.evaluate((e) => e === document.activeElement)).toBe(true);
    await pin.fill(WRONG_PIN);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('That PIN is not right.');
    expect(await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).count()).toBe(0);

    await pin.fill(PARENT_PIN);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await popup.getByRole('button', { name: 'Undo: stop trusting this site' }).waitFor();
    await popup.close();

    // The right PIN unlocked the settings for a while: lock them again.
    const options = await b.openOptions();
    expect(await options.locator('ul.trusted .domain').allTextContents()).toEqual(['edpills-direct-uk.com', 'meds4painonline.co']);
    await lockNow(options);
    await options.close();
  });

  it('with the PIN, a parent removes a trusted site and turns block mode off (and on again)', async () => {
    const options = await b.openOptions();
    await tryUnlock(options, WRONG_PIN);
    await statusSays(options, 'That PIN is not right.');
    expect(await settingsDisabled(options)).toBe(true);
    await tryUnlock(options, PARENT_PIN);
    await statusSays(options, 'Unlocked for 5 minutes.');
    expect(await settingsDisabled(options)).toBe(false);

    await options.getByRole('button', { name: 'Remove meds4painonline.co' }).click();
    await statusSays(options, 'meds4painonline.co is no longer trusted.');
    expect(await options.locator('ul.trusted .domain').allTextContents()).toEqual(['edpills-direct-uk.com']);
    await chooseMode(options, 'warn');
    expect(await mode(options)).toBe('warn');
    await chooseMode(options, 'block');
    await lockNow(options);
    await options.close();
  });

  it('the stored PIN record is a salted PBKDF2-SHA-256 hash with 600,000+ iterations, and the PIN is stored nowhere', async () => {
    const { pinRecord } = (await b.worker.evaluate(() => chrome.storage.local.get('pinRecord'))) as { pinRecord: Record<string, unknown> };
    expect(pinRecord).toMatchObject({ algorithm: 'PBKDF2-SHA-256' });
    expect(pinRecord.iterations).toBeGreaterThanOrEqual(600_000);
    expect(Object.keys(pinRecord).sort()).toEqual(['algorithm', 'hash', 'iterations', 'salt']);
    expect(String(pinRecord.salt).length).toBeGreaterThanOrEqual(16);
    expect(String(pinRecord.hash).length).toBeGreaterThanOrEqual(32);
    const everything = JSON.stringify(
      await b.worker.evaluate(async () => [await chrome.storage.local.get(null), await chrome.storage.session.get(null), await chrome.storage.sync.get(null)]),
    );
    expect(everything).not.toContain(PARENT_PIN);
  });

  it('after three wrong PINs even the right one is refused with a time to retry, and that survives a browser restart', async () => {
    let options = await b.openOptions();
    await options.locator('#unlock-pin').waitFor();
    for (let i = 1; i <= 3; i++) {
      await tryUnlock(options, WRONG_PIN);
      await statusSays(options, i < 3 ? 'That PIN is not right.' : /^That PIN is not right\. Try again after \d{1,2}:\d{2}:\d{2}/);
      // Each answer replaces the last: wait for it to be cleared before the next try.
      if (i < 3) await options.locator('p.status').evaluate((e) => (e.textContent = ''));
    }
    await tryUnlock(options, PARENT_PIN);
    await statusSays(options, /^Too many wrong tries\. Try again after \d{1,2}:\d{2}:\d{2}/);
    expect(await settingsDisabled(options)).toBe(true);
    const refused = (await sendFromPage(options, { type: 'unlock', pin: PARENT_PIN })) as { ok: boolean; error: string; retryAt: number };
    expect(refused).toMatchObject({ ok: false, error: 'throttled' });
    expect(refused.retryAt - Date.now()).toBeGreaterThan(5_000);
    expect(refused.retryAt - Date.now()).toBeLessThanOrEqual(30_000);
    // Everything else that takes the PIN is throttled too.
    expect(await sendFromPage(options, { type: 'update-settings', change: { protectionMode: 'warn' }, pin: PARENT_PIN })).toMatchObject({
      ok: false,
      error: 'throttled',
    });

    // Restart: the browser closes and starts again on the same profile.
    await b.close();
    b = await profile.launch({ port: server.port });
    options = await b.openOptions();
    await options.locator('#unlock-pin').waitFor();
    expect(await options.locator('#lock-title').textContent()).toBe('Settings are locked');
    expect(await options.locator('p.status').textContent()).toMatch(/^Too many wrong tries\. Try again after \d{1,2}:\d{2}:\d{2}/);
    await options.locator('p.status').evaluate((e) => (e.textContent = ''));
    await tryUnlock(options, PARENT_PIN);
    await statusSays(options, /^Too many wrong tries\. Try again after \d{1,2}:\d{2}:\d{2}/);
    expect(await settingsDisabled(options)).toBe(true);
    expect(await mode(options)).toBe('block');

    // Once the wait is over (moved to the past here, rather than waiting 30 s), the right PIN works
    // and the count starts again.
    await b.worker.evaluate(async () => {
      const { pinThrottle } = (await chrome.storage.local.get('pinThrottle')) as { pinThrottle: { failures: number; nextAttemptAt: number } };
      await chrome.storage.local.set({ pinThrottle: { ...pinThrottle, nextAttemptAt: Date.now() - 1 } });
    });
    await tryUnlock(options, PARENT_PIN);
    await statusSays(options, 'Unlocked for 5 minutes.');
    expect(await b.worker.evaluate(async () => (await chrome.storage.local.get('pinThrottle')).pinThrottle)).toEqual({ failures: 0, nextAttemptAt: 0 });
    await options.close();
  });

  it('private windows: the options page says RxRadar is not allowed there, and how to allow it', async () => {
    const options = await b.openOptions();
    const section = options.locator('section[aria-labelledby="private-title"]');
    expect(await section.locator('h2').textContent()).toBe('Private windows');
    const text = await section.textContent();
    expect(text).toContain('RxRadar is not allowed in private (incognito) windows, so it cannot warn there.');
    expect(text).toContain('chrome://extensions');
    expect(text).toContain('Allow in Incognito');
    expect(text).toContain('Run in Private Windows');
    // What the page says is what the browser says.
    expect(await b.worker.evaluate(() => chrome.extension.isAllowedIncognitoAccess())).toBe(false);
    await options.close();
  });
});
