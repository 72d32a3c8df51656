// @vitest-environment node
/**
 * Browser policy, for real: the policy file an administrator (or a parent) puts on the machine.
 * - Chromium reads /etc/chromium/policies/managed/*.json; a "3rdparty" → extensions → <id> entry
 *   is what chrome.storage.managed returns to the extension with that ID (checked against
 *   public/managed_schema.json: values that do not fit it are dropped before RxRadar sees them).
 * - Firefox ESR reads policies.json in its distribution directory; "3rdparty" → Extensions →
 *   <add-on id> is what browser.storage.managed returns (no schema check).
 * A valid policy: block mode, no way past, an always-blocked and an always-allowed domain. An
 * invalid one ({"protectionMode": "off"}) fails closed: block mode, no way past, and the options
 * page says what is wrong.
 *
 * Each browser reads its policy from those machine-wide paths, in a mount namespace of its own
 * (machine-policy.ts): no other browser on the machine sees it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath } from './support/build';
import { type ChromiumHarness, launchChromium } from './support/chromium';
import { axe } from './support/axe';
import { requestsTo, sendFromPage, waitForBlockPage } from './support/family';
import { FIXTURES_DIR, type FixtureServer, startFixtureServer } from './support/fixture-server';
import { type FirefoxHarness, launchFirefox } from './support/firefox';
import { chromiumMachinePolicy, firefoxMachinePolicy, type MachinePolicy } from './support/machine-policy';
import { fixture, HARMLESS_HTML, serveTestPages } from './support/test-pages';

const VALID_POLICY = {
  protectionMode: 'block',
  allowProceed: false,
  blocklist: ['blocked-by-policy.example'],
  allowlist: ['allowed-by-policy.example'],
};
const INVALID_POLICY = { protectionMode: 'off' };

const ROGUE = fixture('rogue-rxmeds-express24-catalogue');
const START = 'http://start.example/';
const LISTED = 'http://www.tramadolus.org/';
const POLICY_BLOCKED = 'http://blocked-by-policy.example/';
const POLICY_ALLOWED_ROGUE = 'http://allowed-by-policy.example/';

function serve(server: FixtureServer): string {
  serveTestPages(server);
  server.page('blocked-by-policy.example', '/', HARMLESS_HTML);
  server.page('andersenpharmacy.com', '/', HARMLESS_HTML);
  // The rogue catalogue, word for word, on the administrator's allowed domain.
  server.page('allowed-by-policy.example', '/', readFileSync(`${FIXTURES_DIR}${ROGUE.file}`, 'utf8'));
  return server.corpusPage(ROGUE);
}

/** Prints the policy a browser is about to read, and where. */
function printPolicy(policy: MachinePolicy): MachinePolicy {
  console.log(`[policy] ${policy.path}:\n${policy.text}`);
  return policy;
}

describe('browser policy in Chromium (/etc/chromium/policies/managed)', { timeout: 90_000 }, () => {
  let server: FixtureServer;
  let h: ChromiumHarness | undefined;
  let policy: MachinePolicy | undefined;
  let rogueUrl: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    rogueUrl = serve(server);
  });

  afterEach(async () => {
    await h?.close();
    h = undefined;
    policy?.remove();
    policy = undefined;
  });

  afterAll(async () => {
    await server?.close();
  });

  const blockPageProceed = (page: Page) => page.locator('section.proceed');

  it('a valid policy: the options page shows what the administrator set; listed and policy-blocked sites are blocked with no way past; the allowed domain is not warned about', async () => {
    policy = printPolicy(chromiumMachinePolicy(VALID_POLICY));
    h = await launchChromium({ port: server.port, policy });
    const options = await h.openOptions();

    // The mode is shown, not offered.
    const protection = options.locator('section[aria-labelledby="protection-title"]');
    expect(await protection.textContent()).toContain('Block: dangerous sites do not open (family mode)');
    expect(await protection.locator('.managed').first().textContent()).toBe('Set by your administrator');
    expect(await protection.getByRole('radio').count()).toBe(0);
    expect(await protection.textContent()).toContain('Your administrator allows no way past a block.');
    expect(await options.locator('section[aria-labelledby="lists-title"]').textContent()).toContain(
      'Your administrator’s lists: 1 always allowed, 1 always blocked.',
    );
    expect(await options.locator('.policy-error').count()).toBe(0);
    // Asking the background directly does not help either.
    expect(await sendFromPage(options, { type: 'update-settings', change: { protectionMode: 'warn' } })).toEqual({ ok: false, error: 'managed' });
    expect(await axe(options)).toEqual([]);
    await options.screenshot({ path: screenshotPath('family-options-policy'), fullPage: true });

    const page = await h.context.newPage();
    // A listed domain: blocked before any request; no PIN field, no "Continue anyway".
    await page.goto(START);
    server.requests.length = 0;
    await page.goto(LISTED).catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, LISTED);
    expect(requestsTo(server.requests, 'tramadolus.org')).toBe(0);
    expect(await blockPageProceed(page).textContent()).toContain('Your administrator does not allow visiting this site.');
    expect(await page.locator('input').count()).toBe(0);
    expect(await page.getByRole('button').allTextContents()).toEqual(['Go back']);
    expect(await sendFromPage(page, { type: 'proceed', url: LISTED })).toEqual({ ok: false, error: 'not-allowed' });
    await page.screenshot({ path: screenshotPath('family-block-page-policy'), fullPage: true });

    // "I trust this site" cannot undo the administrator's "no way past": the popup does not offer
    // it and says why, and asking the background directly (both confirmations, no PIN set) is refused.
    const refusing = await h.openPopup(page);
    expect(await refusing.getByRole('button', { name: 'I trust this site' }).count()).toBe(0);
    expect(await refusing.locator('section.trust').textContent()).toContain("Your administrator's policy keeps RxRadar in block mode");
    await refusing.screenshot({ path: screenshotPath('family-popup-trust-refused'), fullPage: true });
    expect(await sendFromPage(refusing, { type: 'trust-site', host: 'www.tramadolus.org', confirmAuthority: true })).toEqual({ ok: false, error: 'managed' });
    await refusing.close();
    await page.goto(START);
    await page.goto(LISTED).catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, LISTED);
    expect(requestsTo(server.requests, 'tramadolus.org')).toBe(0);

    // The administrator's own block list: blocked before any request too.
    await page.goto(START);
    await page.goto(POLICY_BLOCKED).catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, POLICY_BLOCKED);
    expect(requestsTo(server.requests, 'blocked-by-policy.example')).toBe(0);
    expect(await page.locator('ul.reasons .label').allTextContents()).toContain("Blocked by your administrator's policy");
    expect(await page.locator('input').count()).toBe(0);

    // The rogue catalogue is blocked on its own domain ...
    await page.goto(START);
    await page.goto(rogueUrl).catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, rogueUrl);
    // ... and not even warned about on the domain the administrator allows.
    const since = Date.now();
    await page.goto(POLICY_ALLOWED_ROGUE);
    expect(await h.judged(page, { url: POLICY_ALLOWED_ROGUE, since })).toMatchObject({ tabUrl: POLICY_ALLOWED_ROGUE, pendingUrl: null });
    expect(page.url()).toBe(POLICY_ALLOWED_ROGUE);
    expect((await h.badge(page)).text).toBe('');
    expect(await page.locator('rxradar-shield').count()).toBe(0);
    const popup = await h.openPopup(page);
    await expect.poll(() => popup.locator('h1').textContent()).toBe('No warning signs found');
    await popup.close();
  });

  it('an invalid policy ({"protectionMode": "off"}) fails closed: block mode, no way past, and the options page says why', async () => {
    policy = printPolicy(chromiumMachinePolicy(INVALID_POLICY));
    h = await launchChromium({ port: server.port, policy });
    const options = await h.openOptions();
    const problem = options.getByRole('alert');
    expect(await problem.textContent()).toMatch(
      /^Your administrator's policy for RxRadar could not be used \(.*protectionMode.*\)\. Until it is fixed, RxRadar blocks dangerous sites with no way past\.$/s,
    );
    const protection = options.locator('section[aria-labelledby="protection-title"]');
    expect(await protection.textContent()).toContain('Block: dangerous sites do not open (family mode)');
    expect(await protection.getByRole('radio').count()).toBe(0);
    expect(await protection.textContent()).toContain('Your administrator allows no way past a block.');
    expect(await axe(options)).toEqual([]);
    await options.screenshot({ path: screenshotPath('family-options-policy-invalid'), fullPage: true });

    const page = await h.context.newPage();
    await page.goto(START);
    server.requests.length = 0;
    await page.goto(LISTED).catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, LISTED);
    expect(requestsTo(server.requests, 'tramadolus.org')).toBe(0);
    expect(await blockPageProceed(page).textContent()).toContain('Your administrator does not allow visiting this site.');
    expect(await page.locator('input').count()).toBe(0);
    expect(await sendFromPage(page, { type: 'proceed', url: LISTED })).toEqual({ ok: false, error: 'not-allowed' });
    // Failing closed holds against "I trust this site" too.
    expect(await sendFromPage(page, { type: 'trust-site', host: 'www.tramadolus.org', confirmAuthority: true })).toEqual({ ok: false, error: 'managed' });

    await page.goto(START);
    await page.goto(rogueUrl).catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, rogueUrl);
    expect(await page.getByRole('button').allTextContents()).toEqual(['Go back']);
    const popup = await h.openPopup(page);
    expect(await popup.getByRole('button', { name: 'I trust this site' }).count()).toBe(0);
    expect(await sendFromPage(popup, { type: 'trust-site', host: 'rxmeds-express24.com', confirmAuthority: false })).toEqual({ ok: false, error: 'managed' });
    await popup.close();
    await page.goto(START);
    await page.goto(rogueUrl).catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, rogueUrl);
  });

  it("the administrator's allowlist wins over the authority list, in the redirect as in the verdict", async () => {
    policy = printPolicy(chromiumMachinePolicy({ protectionMode: 'block', allowProceed: false, allowlist: ['tramadolus.org'] }));
    h = await launchChromium({ port: server.port, policy });
    const options = await h.openOptions();
    expect(await options.locator('section[aria-labelledby="lists-title"]').textContent()).toContain(
      'Your administrator’s lists: 1 always allowed, 0 always blocked.',
    );
    const page = await h.context.newPage();
    await page.goto(START);
    server.requests.length = 0;
    const since = Date.now();
    await page.goto(LISTED);
    expect(await h.judged(page, { url: LISTED, since })).toMatchObject({ tabUrl: LISTED, pendingUrl: null });
    expect(page.url()).toBe(LISTED);
    expect(requestsTo(server.requests, 'www.tramadolus.org')).toBeGreaterThanOrEqual(1);
    expect((await h.badge(page)).text).toBe('');
    // Other listed domains are still blocked.
    await page.goto('http://andersenpharmacy.com/').catch(() => undefined);
    await waitForBlockPage(page, h.extensionId, 'http://andersenpharmacy.com/');
  });

  it('a browser started without the policy has none, even while another one runs with it', async () => {
    policy = chromiumMachinePolicy(VALID_POLICY);
    const managed = await launchChromium({ port: server.port, policy });
    try {
      expect(await (await managed.openOptions()).getByText('Set by your administrator').count()).toBeGreaterThan(0);
      h = await launchChromium({ port: server.port });
      const options = await h.openOptions();
      expect(await options.getByRole('radio', { name: /^Warn:/ }).isChecked()).toBe(true);
      expect(await options.getByText('Set by your administrator').count()).toBe(0);
    } finally {
      await managed.close();
    }
  });
});

describe("browser policy in Firefox ESR (distribution/policies.json, '3rdparty' → Extensions)", { timeout: 90_000 }, () => {
  let server: FixtureServer;
  let ff: FirefoxHarness | undefined;
  let policy: MachinePolicy | undefined;
  let rogueUrl: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    rogueUrl = serve(server);
  });

  afterEach(async () => {
    await ff?.close();
    ff = undefined;
    policy?.remove();
    policy = undefined;
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Where the page really is: puppeteer does not follow navigations to extension pages. */
  const href = (page: FirefoxPage) => page.evaluate(() => location.href).catch(() => '');
  const text = (page: FirefoxPage, selector: string) => page.$eval(selector, (e) => e.textContent ?? '');

  async function visit(page: FirefoxPage, url: string): Promise<void> {
    void page.goto(url).catch(() => undefined);
  }

  /** Opens an ordinary page; from RxRadar's page (put in the tab by the browser) puppeteer cannot follow a navigation to its end. */
  async function open(page: FirefoxPage, url: string): Promise<void> {
    void page.goto(url).catch(() => undefined);
    await expect.poll(() => href(page), { timeout: 15_000 }).toBe(url);
    await page.waitForFunction(() => document.readyState === 'complete', { timeout: 15_000 });
  }

  async function expectBlocked(page: FirefoxPage, url: string): Promise<void> {
    await expect
      .poll(
        async () => {
          const at = await href(page);
          return at.startsWith(`${ff!.extensionOrigin}/blocked.html`) && at.endsWith(`#${url}`);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.waitForSelector('.box h1', { timeout: 10_000 });
  }

  it('a valid policy: "Set by your administrator", listed and policy-blocked sites blocked with no way past, the allowed domain not warned about', async () => {
    policy = printPolicy(firefoxMachinePolicy(VALID_POLICY));
    ff = await launchFirefox({ port: server.port, policy });
    const options = await ff.browser.newPage();
    await ff.openExtensionPage(options, 'options.html', '#privacy-title');
    expect(await text(options, 'section[aria-labelledby="protection-title"]')).toContain('Set by your administrator');
    expect(await options.$$eval('section[aria-labelledby="protection-title"] input[type="radio"]', (r) => r.length)).toBe(0);
    expect(await text(options, 'section[aria-labelledby="protection-title"]')).toContain('Your administrator allows no way past a block.');

    const page = await ff.browser.newPage();
    await open(page, START);
    server.requests.length = 0;
    await visit(page, LISTED);
    await expectBlocked(page, LISTED);
    expect(requestsTo(server.requests, 'tramadolus.org')).toBe(0);
    expect(await text(page, 'section.proceed')).toContain('Your administrator does not allow visiting this site.');
    expect(await page.$$eval('input', (i) => i.length)).toBe(0);
    // "I trust this site" cannot undo it: refused by the background.
    expect(
      await options.evaluate(() =>
        (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage({
          type: 'trust-site',
          host: 'www.tramadolus.org',
          confirmAuthority: true,
        }),
      ),
    ).toEqual({ ok: false, error: 'managed' });
    await open(page, START);
    await visit(page, LISTED);
    await expectBlocked(page, LISTED);

    await open(page, START);
    await visit(page, POLICY_BLOCKED);
    await expectBlocked(page, POLICY_BLOCKED);
    expect(requestsTo(server.requests, 'blocked-by-policy.example')).toBe(0);

    await open(page, START);
    await visit(page, rogueUrl);
    await expectBlocked(page, rogueUrl);
    await open(page, START);
    const since = Date.now();
    await open(page, POLICY_ALLOWED_ROGUE);
    expect((await ff.judged(POLICY_ALLOWED_ROGUE, { since })).tabUrl).toBe(POLICY_ALLOWED_ROGUE);
    expect(await href(page)).toBe(POLICY_ALLOWED_ROGUE);
    expect((await ff.badge(await ff.tabId(POLICY_ALLOWED_ROGUE))).text).toBe('');
    expect(await page.$$eval('rxradar-shield', (s) => s.length)).toBe(0);
  });

  it('an invalid policy fails closed: block mode, no way past, and the options page says why', async () => {
    policy = printPolicy(firefoxMachinePolicy(INVALID_POLICY));
    ff = await launchFirefox({ port: server.port, policy });
    const options = await ff.browser.newPage();
    await ff.openExtensionPage(options, 'options.html', '.policy-error');
    expect(await text(options, '.policy-error')).toMatch(/^Your administrator's policy for RxRadar could not be used \(.*protectionMode.*\)/s);
    expect(await text(options, 'section[aria-labelledby="protection-title"]')).toContain('Block: dangerous sites do not open (family mode)');

    const page = await ff.browser.newPage();
    await open(page, START);
    await visit(page, LISTED);
    await expectBlocked(page, LISTED);
    expect(await text(page, 'section.proceed')).toContain('Your administrator does not allow visiting this site.');
    expect(await page.$$eval('input', (i) => i.length)).toBe(0);
  });
});
