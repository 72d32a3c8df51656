/**
 * Family mode from a test: settings changed the way a parent changes them (the options page),
 * the block page, axe, and a Chromium whose profile survives a restart (browser policy files:
 * machine-policy.ts).
 *
 * Settings are never written to storage directly: right after a launch, Chromium answers
 * storage.managed only after about 3 s (its policy service is not ready before), and every
 * settings read waits for that, so a direct write "takes effect" only seconds later. The options
 * page waits for the same answer before it shows its controls, so going through it is both the
 * real path and free of that race.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { copyBuild } from './build';
import { type ChromiumHarness, type ChromiumOptions, openChromium } from './chromium';

/** The PIN the tests' parent chooses (not a pattern the options page refuses). */
export const PARENT_PIN = '739146';
export const WRONG_PIN = '111298';

// ---------------------------------------------------------------------------------------------
// The options page, as a parent uses it.

/** Waits until the options page's status line says `text`. */
export async function statusSays(options: Page, text: string | RegExp): Promise<void> {
  await expect
    .poll(() => options.locator('p.status').textContent(), { timeout: 15_000 })
    .toMatch(typeof text === 'string' ? new RegExp(`^${escapeRe(text)}$`) : text);
}

/** Picks "Warn" or "Block" on the options page and waits for "Saved.". */
export async function chooseMode(options: Page, mode: 'warn' | 'block'): Promise<void> {
  await options.getByRole('radio', { name: mode === 'block' ? /^Block:/ : /^Warn:/ }).check();
  await statusSays(options, 'Saved.');
}

/** Sets (or changes) the parent PIN with the options page's form. */
export async function setPin(options: Page, pin: string): Promise<void> {
  await options.locator('#new-pin').fill(pin);
  await options.locator('#new-pin-again').fill(pin);
  await options.getByRole('button', { name: /^(Set PIN|Change PIN)$/ }).click();
  await statusSays(options, 'PIN saved.');
}

/** "Lock now" on an unlocked options page. */
export async function lockNow(options: Page): Promise<void> {
  await options.getByRole('button', { name: 'Lock now' }).click();
  await options.locator('#unlock-pin').waitFor();
  await statusSays(options, 'Settings locked.');
}

/** Types a PIN into the locked options page's unlock form and submits it. */
export async function tryUnlock(options: Page, pin: string): Promise<void> {
  await options.locator('#unlock-pin').fill(pin);
  await options.getByRole('button', { name: 'Unlock', exact: true }).click();
}

/** Sends a UI message from an extension page, as the page itself would (a child with DevTools could too). */
export function sendFromPage<T = unknown>(page: Page, message: Record<string, unknown>): Promise<T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
}

// ---------------------------------------------------------------------------------------------
// The block page.

export function blockPageUrl(extensionId: string, url: string): string {
  return `chrome-extension://${extensionId}/blocked.html#${url}`;
}

/** Waits until `page` shows the block page for `url`, rendered. */
/** Whether `pageUrl` is RxRadar's warning or block page standing in for `url` (whatever "Go back" steps it carries). */
export function isWarningPage(pageUrl: string, extensionId: string, url: string): boolean {
  return pageUrl.startsWith(`chrome-extension://${extensionId}/blocked.html`) && pageUrl.endsWith(`#${url}`);
}

/**
 * Opens a dangerous `url` and goes past RxRadar's warning page with "Continue anyway" (warn mode),
 * as a person does who wants to see the site (or report it with a screenshot). A site already let
 * through this session (its host among the continued hosts RxRadar keeps in session storage)
 * opens directly; any other waits for its warning, however long the analysis takes (a time limit
 * on "no warning yet" took a slow warning for none, and the tab was on the warning page later).
 */
export async function openPastWarning(page: Page, h: Pick<ChromiumHarness, 'extensionId' | 'worker'>, url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^www\./, '');
  const letThrough = () =>
    h.worker.evaluate(async (hh) => {
      const { continuedHosts } = (await chrome.storage.session.get('continuedHosts')) as { continuedHosts?: string[] };
      return (continuedHosts ?? []).includes(hh);
    }, host);
  const alreadyThrough = await letThrough();
  await page.goto(url).catch(() => undefined);
  const until = Date.now() + 20_000;
  for (;;) {
    if (isWarningPage(page.url(), h.extensionId, url) && (await page.getByRole('button', { name: 'Continue anyway' }).count()) === 1) {
      await page.getByRole('button', { name: 'Continue anyway' }).click();
      await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(url);
      break;
    }
    if (alreadyThrough && page.url() === url) break;
    if (Date.now() > until) throw new Error(`neither ${url} nor its warning page opened`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.waitForLoadState('load');
}

/** Waits until the tab shows RxRadar's full-page warning (warn mode) or block page for `url`, rendered. */
export async function waitForWarningPage(page: Page, extensionId: string, url: string, timeout = 15_000): Promise<void> {
  await expect.poll(() => isWarningPage(page.url(), extensionId, url), { timeout }).toBe(true);
  await page.locator('.box h1').waitFor({ timeout: 10_000 });
}

export async function waitForBlockPage(page: Page, extensionId: string, url: string): Promise<void> {
  await waitForWarningPage(page, extensionId, url);
}

/** Requests the fixture server saw for `host` (and its subdomains). */
export function requestsTo(requests: ReadonlyArray<{ host: string }>, host: string): number {
  return requests.filter((r) => r.host === host || r.host.endsWith(`.${host}`)).length;
}

// ---------------------------------------------------------------------------------------------
// A Chromium whose profile outlives the browser, for "after a restart" checks.

/** A Chromium on a profile that outlives it (the same harness as every browser test). */
export type ProfileBrowser = ChromiumHarness;

export interface ChromiumProfile {
  userDir: string;
  /** Starts Chromium on this profile (the same copy of the extension every time). */
  launch(opts: ChromiumOptions): Promise<ProfileBrowser>;
  remove(): void;
}

export async function createChromiumProfile(): Promise<ChromiumProfile> {
  const ext = await copyBuild('chrome');
  const userDir = mkdtempSync(join(tmpdir(), 'rxradar-chromium-profile-'));
  return {
    userDir,
    launch: (opts) => openChromium(userDir, ext.dir, opts),
    remove() {
      rmSync(userDir, { recursive: true, force: true });
      ext.remove();
    },
  };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
