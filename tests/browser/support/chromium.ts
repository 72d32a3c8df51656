/**
 * Debian's Chromium with the built extension loaded (playwright-core, no browser download).
 * Every host name resolves to the local fixture server.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { BUILDS, copyBuild } from './build';
import { type Judged, waitJudgedInExtension } from './judged';
import type { MachinePolicy } from './machine-policy';

export const CHROME_EXTENSION_DIR = BUILDS.chrome;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BadgeState {
  text: string;
  title: string;
  color: number[];
}

export interface ChromiumHarness {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Badge text and title of the tab showing `page`. */
  badge(page: Page): Promise<BadgeState>;
  /** Polls the badge until its text is `text`; returns the last state seen (check it). */
  waitForBadge(page: Page, text: string, timeoutMs?: number): Promise<BadgeState>;
  tabId(page: Page): Promise<number>;
  /** Opens the popup as a page explaining `page`'s tab, rendered. */
  openPopup(page: Page, opts?: { width?: number }): Promise<Page>;
  /** Opens the options page, rendered. */
  openOptions(): Promise<Page>;
  /** Waits until the extension has installed its rule that stops listed sites (a few hundred ms after a fresh install). */
  stopRuleInstalled(): Promise<void>;
  /**
   * Waits until RxRadar has judged a report of the page `page` shows at `url` (default: its
   * address) made after `since` (ms since the epoch, default 0), and shown the verdict: the badge is
   * set, and RxRadar's page has been put in the tab if it was to be (the tab's pending address).
   * After it nothing more happens to the tab unless the page changes: what a test checks then is
   * what RxRadar did, without waiting a fixed time.
   */
  judged(page: Page, opts?: { url?: string; since?: number }): Promise<Judged>;
  close(): Promise<void>;
}

/** The same browser and flags without the extension: a baseline of what Chromium requests on its own. */
/**
 * Google service hosts Chromium itself calls on timers, with or without any extension: sign-in
 * (accounts.google.com), updates and safe-browsing data (googleapis.com, gstatic.com, gvt1.com),
 * and the GCM check-in (android.clients.google.com, POST /checkin about 30 s after start, seen
 * with Debian's Chromium 150 without the extension). A baseline run shorter than 30 s misses it.
 */
export const CHROMIUM_SERVICE_HOST = /^(accounts|android\.clients)\.google\.com$|(^|\.)(googleapis\.com|gstatic\.com|gvt1\.com)$/;

export async function launchBareChromium(opts: { port: number }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  const userDir = mkdtempSync(join(tmpdir(), 'rxradar-chromium-bare-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: chromiumArgs(opts.port, []),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

function chromiumArgs(port: number, extra: string[], direct: readonly string[] = []): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    `--host-resolver-rules=MAP * 127.0.0.1:${port}${direct.map((h) => `, EXCLUDE ${h}`).join('')}`,
    ...extra,
  ];
}

export interface ChromiumOptions {
  port: number;
  /**
   * At most four renderer processes, shared between sites (Chromium's site isolation off), for a
   * test that opens hundreds of sites: each new renderer process costs about 0.3 s of CPU here, and
   * the corpus agreement test spent more than half its CPU starting them (274 -> 154 CPU seconds
   * for its 370 pages). What the extension does in a page does not depend on which process draws
   * it; the other tests and the benchmarks keep the browser's own process model.
   */
  sharedRenderers?: boolean;
  lang?: string;
  extraArgs?: string[];
  /** Browser policy that this browser alone reads from the machine-wide path (machine-policy.ts). */
  policy?: MachinePolicy;
  /**
   * Hosts reached directly instead of through the fixture server (every other host, IP literals
   * included, goes to the fixture server): `127.0.0.1` for a test's own feed or intake server.
   */
  direct?: readonly string[];
}

/**
 * The profile's own preferred languages (what `navigator.languages` says in every page, extension
 * pages included), as a person's browser set to that language has them. `--lang` and the
 * environment set only the browser's UI language; Playwright's `locale` reaches a page through the
 * debugging protocol, and a page the extension opens (the report page) could run before it did on
 * a loaded machine: its report channels were then chosen for en-US. Written only into a new profile.
 */
function seedLanguages(userDir: string, lang: string): void {
  const file = join(userDir, 'Default', 'Preferences');
  if (existsSync(file)) return;
  const base = lang.split('-')[0]!;
  mkdirSync(join(userDir, 'Default'), { recursive: true });
  writeFileSync(file, JSON.stringify({ intl: { accept_languages: base === lang ? lang : `${lang},${base}` } }));
}

export async function launchChromium(opts: ChromiumOptions): Promise<ChromiumHarness> {
  const ext = await copyBuild('chrome');
  const userDir = mkdtempSync(join(tmpdir(), 'rxradar-chromium-'));
  const browser = await openChromium(userDir, ext.dir, opts);
  return {
    ...browser,
    async close() {
      await browser.close();
      rmSync(userDir, { recursive: true, force: true });
      ext.remove();
    },
  };
}

/**
 * Chromium on the profile in `userDir` with the extension in `extDir`; close() closes the browser
 * and leaves both (a profile may be opened again, for "after a restart" checks).
 */
export async function openChromium(userDir: string, extDir: string, opts: ChromiumOptions): Promise<ChromiumHarness> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  if (opts.lang) seedLanguages(userDir, opts.lang);
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: opts.policy?.executable ?? CHROMIUM_PATH,
    headless: true,
    locale: opts.lang,
    // Playwright turns the back/forward cache off; people's browsers have it on, and pages restored
    // from it do not run content scripts again, so the tests keep it on.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    // On Linux, Chromium takes its UI language (and so chrome.i18n's) from the environment; --lang alone is not enough.
    env: opts.lang
      ? { ...process.env, LANGUAGE: opts.lang, LC_ALL: '', LANG: `${opts.lang === 'es' ? 'es_ES' : opts.lang === 'hi' ? 'hi_IN' : opts.lang}.UTF-8` }
      : undefined,
    args: chromiumArgs(
      opts.port,
      [
        `--disable-extensions-except=${extDir}`,
        `--load-extension=${extDir}`,
        ...(opts.lang ? [`--lang=${opts.lang}`] : []),
        ...(opts.sharedRenderers ? ['--disable-site-isolation-trials', '--renderer-process-limit=4'] : []),
        ...(opts.extraArgs ?? []),
      ],
      opts.direct,
    ),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;

  /** Tab ids found before, per page: a tab keeps its id while RxRadar's page or the browser's error page comes and goes in it. */
  const knownTabs = new WeakMap<Page, number>();
  const tabId = async (page: Page): Promise<number> => {
    const url = page.url();
    const until = Date.now() + 5000;
    for (;;) {
      const id = await worker.evaluate(async (u) => {
        const tabs = await chrome.tabs.query({});
        const target = u.includes('/blocked.html') ? u.slice(u.indexOf('#') + 1) : null;
        // The page itself, or RxRadar's warning page standing in for it (and the other way round).
        return tabs.find((t) => t.url === u || t.pendingUrl === u || (t.url ?? '').endsWith(`#${u}`) || (target !== null && t.url === target))?.id ?? -1;
      }, url);
      if (id >= 0) {
        knownTabs.set(page, id);
        return id;
      }
      const known = knownTabs.get(page);
      if (known !== undefined && (await worker.evaluate(async (i) => (await chrome.tabs.get(i).catch(() => null)) !== null, known))) return known;
      if (Date.now() > until) throw new Error(`no tab for ${url}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const badge = async (page: Page): Promise<BadgeState> => {
    const id = await tabId(page);
    return worker.evaluate(
      async (tab) => ({
        text: await chrome.action.getBadgeText({ tabId: tab }),
        title: await chrome.action.getTitle({ tabId: tab }),
        color: await chrome.action.getBadgeBackgroundColor({ tabId: tab }),
      }),
      id,
    );
  };

  return {
    context,
    worker,
    extensionId,
    tabId,
    badge,
    async waitForBadge(page, text, timeoutMs = 6000) {
      const until = Date.now() + timeoutMs;
      let last = await badge(page);
      while (last.text !== text && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        last = await badge(page);
      }
      return last;
    },
    async openPopup(page, popupOpts = {}) {
      const id = await tabId(page);
      const popup = await context.newPage();
      await popup.setViewportSize({ width: popupOpts.width ?? 380, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${id}`);
      await popup.locator('section.verdict').waitFor({ timeout: 10_000 });
      return popup;
    },
    async openOptions() {
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      // The privacy section is always there (policy may hide other controls).
      await options.locator('#privacy-title').waitFor({ timeout: 15_000 });
      return options;
    },
    async stopRuleInstalled() {
      const until = Date.now() + 20_000;
      while ((await worker.evaluate(async () => (await chrome.declarativeNetRequest.getDynamicRules()).length)) === 0) {
        if (Date.now() > until) throw new Error('the stop rule for listed sites was never installed');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async judged(page, judgedOpts = {}) {
      const url = judgedOpts.url ?? page.url();
      const id = await tabId(page);
      const found = await worker.evaluate(waitJudgedInExtension, { id, url, since: judgedOpts.since ?? 0 });
      if (!found) throw new Error(`RxRadar never judged a report of ${url} (tab ${id}) within 15 s`);
      return found;
    },
    close: () => context.close(),
  };
}
