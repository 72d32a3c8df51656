/**
 * Debian's Firefox ESR with the built extension installed (puppeteer-core over WebDriver BiDi, no
 * geckodriver, no browser download). The fixture server is Firefox's HTTP proxy, so every host
 * name reaches it with the address unchanged (http://host/path, no port).
 *
 * Extension pages never report a load event to the driver: navigation to them is started without
 * waiting and the test waits on their DOM instead.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../../wxt.config';
import { copyBuild } from './build';
import { type Judged, waitJudgedInExtension } from './judged';
import type { MachinePolicy } from './machine-policy';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Fixed moz-extension:// host for the add-on (extensions.webextensions.uuids). */
export const FIREFOX_EXTENSION_UUID = '5b1e0f3c-7a2d-4c8e-9f61-2d3b4a5c6e7f';

export interface FirefoxHarness {
  browser: Browser;
  extensionOrigin: string;
  /** An extension page opened (and left) as a tab, to call extension APIs from. */
  control: Page;
  /** Runs `fn` in the control page, where `browser.*` extension APIs exist. */
  ext<T, A>(fn: (arg: A) => Promise<T>, arg: A): Promise<T>;
  tabId(url: string): Promise<number>;
  badge(tabId: number): Promise<{ text: string; title: string }>;
  waitForBadge(tabId: number, text: string, timeoutMs?: number): Promise<{ text: string; title: string }>;
  /** Starts loading an extension page in `page` (no load event comes) and waits for `selector`. */
  openExtensionPage(page: Page, path: string, selector: string): Promise<void>;
  /**
   * Waits until RxRadar has judged a report of the page at `url` made after `since` (ms since the
   * epoch, default 0) and shown its verdict (see ChromiumHarness.judged); returns the stored level
   * and the tab's address then.
   */
  judged(url: string, opts?: { since?: number }): Promise<Judged>;
  close(): Promise<void>;
}

export async function launchFirefox(opts: {
  port: number;
  /** Extra Firefox preferences (e.g. intl.accept_languages). */ prefs?: Record<string, unknown>;
  /** Browser policy that this browser alone reads from the machine-wide path (machine-policy.ts). */
  policy?: MachinePolicy;
}): Promise<FirefoxHarness> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox not found at ${FIREFOX_PATH}: apt-get install -y firefox-esr`);
  const ext = await copyBuild('firefox');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: opts.policy?.executable ?? FIREFOX_PATH,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': opts.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'dom.security.https_first': false,
      'dom.security.https_only_mode': false,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      ...opts.prefs,
    },
  });
  try {
    const id = await browser.installExtension(ext.dir);
    if (id !== GECKO_ID) throw new Error(`installed add-on id ${id}, expected ${GECKO_ID}`);
  } catch (e) {
    await browser.close();
    ext.remove();
    throw e;
  }
  const extensionOrigin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

  // Puppeteer cannot await a navigation to an extension page in Firefox, so the goto is not awaited;
  // while the page changes documents, BiDi may answer a selector poll with a protocol error
  // ("right-hand side of 'in' should be an object, got null"). Such errors mean "not yet": poll again
  // until the deadline, and fail with the last error only then.
  const openExtensionPage = async (page: Page, path: string, selector: string) => {
    void page.goto(`${extensionOrigin}/${path}`).catch(() => undefined);
    const until = Date.now() + 15_000;
    for (;;) {
      try {
        await page.waitForSelector(selector, { timeout: Math.max(500, until - Date.now()) });
        return;
      } catch (e) {
        if (Date.now() >= until) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const control = await browser.newPage();
  await openExtensionPage(control, 'options.html', '#community');

  const ext_ = <T, A>(fn: (arg: A) => Promise<T>, arg: A) => control.evaluate(fn as never, arg as never) as Promise<T>;
  const badge = (tabId: number) =>
    ext_(async (id: number) => {
      const b = (globalThis as unknown as { browser: { browserAction: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } } })
        .browser;
      return { text: await b.browserAction.getBadgeText({ tabId: id }), title: await b.browserAction.getTitle({ tabId: id }) };
    }, tabId);

  const tabId = async (url: string): Promise<number> => {
    // Generous: with other test files running beside this one, Firefox can take seconds to
    // report a tab's new address.
    const until = Date.now() + 15_000;
    for (;;) {
      const id = await ext_(async (u: string) => {
        const tabs = await (
          globalThis as unknown as { browser: { tabs: { query(q: object): Promise<Array<{ id: number; url: string }>> } } }
        ).browser.tabs.query({});
        return tabs.find((t) => t.url === u)?.id ?? -1;
      }, url);
      if (id >= 0) return id;
      if (Date.now() > until) throw new Error(`no Firefox tab for ${url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    browser,
    extensionOrigin,
    control,
    ext: ext_,
    tabId,
    badge,
    async waitForBadge(tabId, text, timeoutMs = 6000) {
      const until = Date.now() + timeoutMs;
      let last = await badge(tabId);
      while (last.text !== text && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        last = await badge(tabId);
      }
      return last;
    },
    openExtensionPage,
    async judged(url, judgedOpts = {}) {
      const id = await tabId(url);
      const found = await ext_(waitJudgedInExtension, { id, url, since: judgedOpts.since ?? 0 });
      if (!found) throw new Error(`RxRadar never judged a report of ${url} (Firefox tab ${id}) within 15 s`);
      return found;
    },
    async close() {
      await browser.close();
      ext.remove();
    },
  };
}

/**
 * Opens a dangerous `url` in Firefox and goes past RxRadar's warning page with "Continue anyway"
 * (warn mode). Puppeteer does not follow navigations from extension pages, so this waits on the
 * page's own address.
 */
export async function openPastWarningFirefox(page: Page, ff: FirefoxHarness, url: string): Promise<void> {
  const href = () => page.evaluate(() => location.href).catch(() => '');
  // The page's load (and after "Continue anyway", its next load) is judged after this.
  let since = Date.now();
  void page.goto(url).catch(() => undefined);
  const until = Date.now() + 30_000;
  let at = '';
  for (;;) {
    at = await href();
    if (at.startsWith(`${ff.extensionOrigin}/blocked.html`) && at.endsWith(`#${url}`)) {
      // Short waits in the loop, not one long one: a wait begun as the page is replaced (a second
      // load of the warning page, a new realm for the driver) may never see the new page's button.
      const button = await page.waitForSelector('section.continue button', { timeout: 1_000 }).catch(() => null);
      if (button) since = Date.now();
      await button?.click().catch(() => undefined);
    } else if (at === url && (await page.evaluate(() => document.readyState).catch(() => '')) === 'complete') {
      // Past the warning (or let through before): once RxRadar has judged this load of the page
      // (on a loaded machine that can take seconds; a fixed wait alone let a late warning come
      // after this returned), a moment more for the tab to change, then done.
      if (await ff.judged(url, { since }).catch(() => null)) {
        await new Promise((r) => setTimeout(r, 800));
        if ((await href()) === url) return;
      }
    }
    if (Date.now() > until) throw new Error(`neither ${url} nor its warning page's "Continue anyway" came within 30 s (last at ${at || 'no address'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Clicks `selector` in `page` when the click is expected to close the page (the popup closes
 * itself after "Report this site"). Firefox may discard the page while the driver is still
 * finishing the click and report that as an error; that error alone is taken as the click done.
 * The caller checks what the click should have done.
 */
export async function clickClosingPage(page: Page, selector: string): Promise<void> {
  try {
    await page.click(selector);
  } catch (e) {
    if (!/no such frame|BrowsingContext does no longer exist/.test(String(e))) throw e;
  }
}

/**
 * Sets the page's viewport. Puppeteer 24.43 also sends `emulation.setScreenOrientationOverride`,
 * which Firefox ESR 140.12 does not know, and the viewport is then not set: on that one error the
 * viewport command is sent alone, and the size is checked.
 */
export async function setViewportFirefox(page: Page, size: { width: number; height: number }): Promise<void> {
  try {
    await page.setViewport(size);
  } catch (e) {
    if (!/setScreenOrientationOverride/.test(String(e))) throw e;
    // The same WebDriver BiDi command puppeteer sends first (browsingContext.setViewport), alone.
    const frame = page.mainFrame() as unknown as { browsingContext: { setViewport(o: object): Promise<void> } };
    await frame.browsingContext.setViewport({ viewport: size, devicePixelRatio: null });
  }
  const inner = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  if (inner.width !== size.width || inner.height !== size.height)
    throw new Error(`viewport is ${inner.width}x${inner.height}, not ${size.width}x${size.height}`);
}
