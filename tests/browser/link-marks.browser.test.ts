// @vitest-environment node
/**
 * Link marks (Chromium and Firefox): on saved result pages of eight search engines and a forum
 * thread, marks appear exactly on the results whose target a list flags (wrapped links, ads and
 * later-loaded results included), none on others; each has an accessible name with the reason;
 * axe-core finds nothing; marks move nothing below them; the popup lists them; block mode says
 * "Blocked" and a click lands on the block page; annotateLinks "search" leaves the forum unmarked;
 * and no request goes to any host but the pages visited.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_MARKS_SUMMARY, type LinkMarksSummary } from '../../src/extension/content/link-marks';
import { axe } from './support/axe';
import { ROOT, screenshotPath } from './support/build';
import { CHROMIUM_SERVICE_HOST, type ChromiumHarness, launchChromium } from './support/chromium';
import { sendFromPage } from './support/family';
import { type FirefoxHarness, launchFirefox, setViewportFirefox } from './support/firefox';
import { type FixtureServer, startFixtureServer } from './support/fixture-server';
import { type HttpsPages, startHttpsPages } from './support/https-pages';
import { ENGINE_PAGES, FORUM_PAGE, LINK_HOSTS } from './support/link-pages';

const PAGES = [...ENGINE_PAGES, { engine: 'forum', ...FORUM_PAGE }];
const urlOf = (p: { host: string; path: string }, scheme = 'http') =>
  `${scheme}://${p.host}${p.path}${p.host === FORUM_PAGE.host ? '' : '?q=buy+tramadol+online'}`;
const DOCS_DIR = join(ROOT, 'docs', 'screenshots');
mkdirSync(DOCS_DIR, { recursive: true });
/** Every host the pages link to or wrap links in: none may be contacted. */
const LINKED_HOSTS = [
  LINK_HOSTS.authority,
  LINK_HOSTS.authority2,
  LINK_HOSTS.authority3,
  LINK_HOSTS.community,
  LINK_HOSTS.known,
  LINK_HOSTS.dotPharmacy,
  ...LINK_HOSTS.neutral,
  'www.googleadservices.com',
  'r.search.yahoo.com',
  'eur01.safelinks.protection.outlook.com',
  'l.facebook.com',
  'eu.startpage.com',
];
const linked = (host: string) => LINKED_HOSTS.some((t) => host === t || host.endsWith(`.${t}`));

interface ResultMarks {
  expect: string;
  levels: string[];
  names: string[];
}

/** Every result container with the marks inside it, once the later results have loaded and been marked. */
function readMarks(): ResultMarks[] {
  return [...document.querySelectorAll<HTMLElement>('[data-expect]')].map((el) => {
    const marks = [...el.querySelectorAll<HTMLElement>('rxradar-link-mark')];
    return { expect: el.dataset.expect!, levels: marks.map((m) => m.dataset.level ?? '?'), names: marks.map((m) => m.getAttribute('aria-label') ?? '') };
  });
}
const READ_MARKS = `(${readMarks.toString()})()`;

function expected(results: ResultMarks[], blocked = false): Array<{ expect: string; levels: string[] }> {
  return results.map((r) => ({ expect: r.expect, levels: r.expect === 'none' ? [] : [blocked && r.expect === 'danger' ? 'blocked' : r.expect] }));
}

/** The link-marks script's own summary for its page (what the popup asks), or null before it answers. */
type AskSummary = () => Promise<LinkMarksSummary | null>;

/**
 * Polls until every result container is on the page (later results included) and the link-marks
 * script says nothing is under way (every link read, asked about and marked or not): the marks on
 * the page then are all the marks it makes. The caller checks them.
 */
async function settledMarks(evaluate: () => Promise<ResultMarks[]>, total: number, summary: AskSummary): Promise<ResultMarks[]> {
  const until = Date.now() + 10_000;
  let last: ResultMarks[] = [];
  while (Date.now() < until) {
    last = await evaluate();
    if (last.length === total && (await summary())?.settled) return evaluate();
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

/** The link-marks setting in force, as the options page's own message reads it. */
async function annotateLinks(options: Page): Promise<string | undefined> {
  return (await sendFromPage<{ settings?: { annotateLinks?: string } }>(options, { type: 'get-protection-state' })).settings?.annotateLinks;
}

const RESULTS_PER_ENGINE = 10;
const FORUM_POSTS = 5;
const totalOf = (engine: string) => (engine === 'forum' ? FORUM_POSTS : RESULTS_PER_ENGINE);

function checkNames(results: ResultMarks[]): void {
  for (const r of results) {
    for (const name of r.names) {
      if (r.expect === 'danger') expect(name).toMatch(/^RxRadar: (Danger|Blocked)\. (Named by U\.S\. authorities|An FDA warning-letter page)/);
      if (r.expect === 'caution') expect(name).toMatch(/^RxRadar: Caution\. .*community/i);
      if (r.expect === 'verified') expect(name).toMatch(/^RxRadar: Verified\. (Known licensed pharmacy|A \.pharmacy address)/);
    }
  }
}

describe('link marks in Chromium', { timeout: 180_000 }, () => {
  let server: FixtureServer;
  let tls: HttpsPages;
  let h: ChromiumHarness;
  let page: Page;
  /** Chromium reaches the search engines over https only (HSTS preload): every page is served over https. */
  const url = (p: { host: string; path: string }) => urlOf(p, 'https');
  /** Where each result sits with the marks, and with them taken out (before the page's observer can run). */
  const TOPS = `(() => {
    const tops = () => [...document.querySelectorAll('[data-expect]')].map((e) => Math.round(e.getBoundingClientRect().top + scrollY));
    const withMarks = tops();
    const marks = [...document.querySelectorAll('rxradar-link-mark')].map((m) => [m, m.parentNode, m.nextSibling]);
    for (const [m] of marks) m.remove();
    const without = tops();
    return { withMarks, without };
  })()`;

  beforeAll(async () => {
    server = await startFixtureServer();
    tls = await startHttpsPages();
    for (const p of PAGES) tls.page(p.host, p.path, p.html);
    h = await launchChromium({
      port: server.port,
      extraArgs: ['--ignore-certificate-errors', `--host-resolver-rules=MAP *:443 127.0.0.1:${tls.port}, MAP * 127.0.0.1:${server.port}`],
    });
    page = await h.context.newPage();
    await page.setViewportSize({ width: 900, height: 1100 });
  }, 120_000);
  const summary: AskSummary = async () =>
    h.worker.evaluate(async ({ id, type }) => (await chrome.tabs.sendMessage(id, { type }, { frameId: 0 }).catch(() => null)) as LinkMarksSummary | null, {
      id: await h.tabId(page),
      type: LINK_MARKS_SUMMARY,
    });
  afterAll(async () => {
    await h?.close();
    await tls?.close();
    await server?.close();
  });

  for (const p of PAGES) {
    it(`${p.engine}: marks exactly the flagged results, with accessible names, axe-clean, nothing moved`, async () => {
      await page.goto(url(p));
      const results = await settledMarks(() => page.evaluate(READ_MARKS) as Promise<ResultMarks[]>, totalOf(p.engine), summary);
      expect(results.map(({ expect, levels }) => ({ expect, levels }))).toEqual(expected(results));
      checkNames(results);
      // Page CSS cannot reach inside a mark.
      expect(await page.evaluate(() => [...document.querySelectorAll('rxradar-link-mark')].every((m) => m.shadowRoot === null))).toBe(true);
      expect(await axe(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`link-marks-${p.engine}`) });
      copyFileSync(screenshotPath(`link-marks-${p.engine}`), join(DOCS_DIR, `link-marks-${p.engine}.png`));
      // The marks sit inside the lines of the titles: nothing below them moves when they come.
      const tops = (await page.evaluate(TOPS)) as { withMarks: number[]; without: number[] };
      expect(tops.withMarks).toEqual(tops.without);
    });
  }

  it('a title link keeps its name with the mark in it; the mark is an image named with its reason', async () => {
    await page.goto(url(ENGINE_PAGES[0]!));
    await settledMarks(() => page.evaluate(READ_MARKS) as Promise<ResultMarks[]>, RESULTS_PER_ENGINE, summary);
    expect(await page.getByRole('link', { name: /^Tramadol 100mg cheap, overnight shipping RxRadar: Danger\. Named by U\.S\. authorities/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /^RxRadar: Verified\./ }).count()).toBe(2);
  });

  it('the popup says how many marked links the page has and lists their domains with the reasons', async () => {
    await page.goto(url(ENGINE_PAGES[1]!));
    await settledMarks(() => page.evaluate(READ_MARKS) as Promise<ResultMarks[]>, RESULTS_PER_ENGINE, summary);
    const popup = await h.openPopup(page);
    const section = popup.locator('section.link-marks');
    await section.waitFor({ timeout: 5000 });
    const text = await section.innerText();
    expect(text).toContain('4 links on this page lead to flagged pharmacy sites.');
    for (const host of [LINK_HOSTS.authority, LINK_HOSTS.authority2, LINK_HOSTS.authority3, LINK_HOSTS.community]) expect(text).toContain(host);
    expect(text).not.toContain(LINK_HOSTS.known);
    expect(await section.locator('li').count()).toBe(4);
    expect(await axe(popup)).toEqual([]);
    await popup.screenshot({ path: screenshotPath('link-marks-popup') });
    copyFileSync(screenshotPath('link-marks-popup'), join(DOCS_DIR, 'link-marks-popup.png'));
    await popup.close();
  });

  it('a page that removes or hides marks: they come back, and its CSS does not hide them', async () => {
    await page.goto(url(FORUM_PAGE));
    await settledMarks(() => page.evaluate(READ_MARKS) as Promise<ResultMarks[]>, FORUM_POSTS, summary);
    const state = await page.evaluate(async () => {
      const style = document.createElement('style');
      style.textContent = 'rxradar-link-mark{display:none!important;visibility:hidden!important;opacity:0!important}';
      document.head.append(style);
      const before = document.querySelectorAll('rxradar-link-mark').length;
      document.querySelector('rxradar-link-mark')!.remove();
      // RxRadar puts it back when it sees it go (its mutation observer): wait for that, up to 5 s.
      const until = performance.now() + 5000;
      while (document.querySelectorAll('rxradar-link-mark').length < before && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
      const marks = [...document.querySelectorAll('rxradar-link-mark')];
      return {
        before,
        after: marks.length,
        visible: marks.every(
          (m) =>
            getComputedStyle(m).display !== 'none' &&
            getComputedStyle(m).visibility !== 'hidden' &&
            getComputedStyle(m).opacity === '1' &&
            m.getBoundingClientRect().width > 0,
        ),
      };
    });
    expect(state).toEqual({ before: 3, after: 3, visible: true });
  });

  it('block mode: marked links say "Blocked" and following one lands on the block page', async () => {
    const options = await h.openOptions();
    const set = (change: object) => options.evaluate((c) => chrome.runtime.sendMessage({ type: 'update-settings', change: c }), change);
    expect(await set({ protectionMode: 'block' })).toMatchObject({ ok: true });
    try {
      await page.goto(url(FORUM_PAGE));
      const results = await settledMarks(() => page.evaluate(READ_MARKS) as Promise<ResultMarks[]>, FORUM_POSTS, summary);
      expect(results.map(({ expect, levels }) => ({ expect, levels }))).toEqual(expected(results, true));
      expect(results[0]!.names[0]).toMatch(/^RxRadar: Blocked\./);
      await page.click(`a[href="https://${LINK_HOSTS.authority}/order"]`);
      await page.waitForURL(/^chrome-extension:\/\//, { timeout: 10_000 });
    } finally {
      expect(await set({ protectionMode: 'warn' })).toMatchObject({ ok: true });
    }
  });

  it('annotateLinks "search": search pages are marked, the forum is not; "off": nothing', async () => {
    const options = await h.openOptions();
    const select = options.locator('#annotate-links');
    try {
      await select.selectOption('search');
      await expect.poll(() => annotateLinks(options)).toBe('search');
      await page.goto(url(FORUM_PAGE));
      // The link-marks script asked and was told marks are off on this page.
      await expect.poll(async () => (await summary())?.off).toBe(true);
      expect(((await page.evaluate(READ_MARKS)) as ResultMarks[]).flatMap((r) => r.levels)).toEqual([]);
      await page.goto(url(ENGINE_PAGES[2]!));
      const results = await settledMarks(() => page.evaluate(READ_MARKS) as Promise<ResultMarks[]>, RESULTS_PER_ENGINE, summary);
      expect(results.map(({ expect, levels }) => ({ expect, levels }))).toEqual(expected(results));
      await select.selectOption('off');
      await expect.poll(() => annotateLinks(options)).toBe('off');
      await page.goto(url(ENGINE_PAGES[2]!));
      await expect.poll(async () => (await summary())?.off).toBe(true);
      expect(((await page.evaluate(READ_MARKS)) as ResultMarks[]).flatMap((r) => r.levels)).toEqual([]);
    } finally {
      await select.selectOption('everywhere');
      await options.close();
    }
  });

  it('no request to any host but the pages visited', () => {
    const visited = new Set(PAGES.map((p) => p.host));
    // Chromium's own calls to Google services (sign-in, updates, GCM check-in: the privacy test
    // records them without the extension too) are the only other requests; none to a linked host.
    const chromiumOwn = (host: string) => CHROMIUM_SERVICE_HOST.test(host);
    const all = [...tls.requests, ...server.requests];
    expect(all.filter((r) => linked(r.host))).toEqual([]);
    expect(all.filter((r) => !visited.has(r.host) && !chromiumOwn(r.host))).toEqual([]);
    expect(tls.requests.filter((r) => visited.has(r.host)).length).toBeGreaterThan(PAGES.length);
  });
});

describe('link marks in Firefox', { timeout: 180_000 }, () => {
  let server: FixtureServer;
  let ff: FirefoxHarness;
  let page: FirefoxPage;
  beforeAll(async () => {
    server = await startFixtureServer();
    for (const p of PAGES) server.page(p.host, p.path, p.html);
    // Firefox's HSTS preload list would send http://www.bing.com to https: the saved pages are served over http.
    ff = await launchFirefox({ port: server.port, prefs: { 'network.stricttransportsecurity.preloadlist': false } });
    page = await ff.browser.newPage();
    await setViewportFirefox(page, { width: 900, height: 1100 });
    server.requests.length = 0;
  }, 120_000);
  const summary: AskSummary = async () =>
    ff.ext(
      ({ id, type }: { id: number; type: string }) =>
        (globalThis as unknown as { browser: { tabs: { sendMessage(id: number, m: object, o: object): Promise<LinkMarksSummary | null> } } }).browser.tabs
          .sendMessage(id, { type }, { frameId: 0 })
          .catch(() => null),
      { id: await ff.tabId(page.url()), type: LINK_MARKS_SUMMARY },
    );
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  for (const p of PAGES) {
    it(`${p.engine}: marks exactly the flagged results, with accessible names, axe-clean`, async () => {
      await page.goto(urlOf(p));
      const results = await settledMarks(() => page.evaluate(READ_MARKS) as Promise<ResultMarks[]>, totalOf(p.engine), summary);
      expect(results.map(({ expect, levels }) => ({ expect, levels }))).toEqual(expected(results));
      checkNames(results);
      expect(await axe(page as unknown as Page)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`link-marks-firefox-${p.engine}`) as `${string}.png` });
    });
  }

  it('no request to any linked host', () => {
    expect(server.requests.filter((r) => linked(r.host))).toEqual([]);
    const visited = new Set(PAGES.map((p) => p.host));
    expect(server.requests.filter((r) => r.method !== 'CONNECT' && !visited.has(r.host)).map((r) => r.host)).toEqual([]);
  });
});
