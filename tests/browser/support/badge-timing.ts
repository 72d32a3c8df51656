/**
 * Time from the start of a navigation (the moment the test asks the browser to navigate; a listed
 * site's navigation is stopped, and a dangerous page is replaced by RxRadar's warning page, so no
 * document of the site is there to ask) to the first moment the service worker sees the "!" badge
 * on the tab, polling chrome.action.getBadgeText every 10 ms. Shared by the timing test and
 * `npm run bench`.
 */
import type { Page } from 'playwright-core';
import type { ChromiumHarness } from './chromium';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds per run for `url`, navigating from a neutral start page each time. */
export async function timeToDangerBadge(h: ChromiumHarness, page: Page, url: string, runs: number): Promise<number[]> {
  await page.goto('http://start.example/');
  const tabId = await h.tabId(page);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.goto(`http://start.example/?run=${run}`);
    const before = await h.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    if (before !== '') throw new Error(`badge "${before}" on the start page`);
    const seen = h.worker.evaluate(async (id) => {
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        if ((await chrome.action.getBadgeText({ tabId: id })) === '!') return Date.now();
        await new Promise((r) => setTimeout(r, 10));
      }
      return -1;
    }, tabId);
    const separator = url.includes('?') ? '&' : '?';
    const navStart = Date.now();
    const navigated = page.goto(`${url}${separator}run=${run}`, { waitUntil: 'commit' }).catch(() => null);
    const [badgeAt] = await Promise.all([seen, navigated]);
    if (badgeAt < 0) throw new Error(`no "!" badge for ${url}`);
    times.push(Math.round(badgeAt - navStart));
    // RxRadar's warning page takes the tab (the background's tabs.update, some time after the
    // badge): the next run starts once it has, or that late navigation cuts the next one short.
    await page.waitForURL((u) => u.protocol === 'chrome-extension:', { timeout: 10_000 });
    await page.waitForLoadState('load').catch(() => undefined);
  }
  return times;
}
