/**
 * Cold and warm, side by side, in Debian's Chromium with the built extension:
 * - time from navigation to the danger badge ("!") for a rogue page and a listed domain, with the
 *   service worker stopped (CDP ServiceWorker.stopWorker, then checked stopped) before each cold
 *   visit, and running before each warm one;
 * - lost verdicts: rogue-page visits that never got the "!" badge (N cold, N warm, and 4 tabs
 *   navigated at once to four rogue pages with the worker stopped);
 * - engine start-up as the worker measured it (its global rxradarEngineTimings), and where a cold
 *   and a warm visit's time goes (its global rxradarStartup);
 * - the popup's first paint after it is opened;
 * - without the extension (benchBareNavigation): when the same pages are parsed, the browser's
 *   own share.
 * Visits start once the worker has kept the browser's policy (see policyCached).
 *
 * The badge is read from an extension page (chrome.action.getBadgeText), which does not wake the
 * worker; the clock is the machine's (Date.now() in Node and in the page).
 */
import type { CDPSession, Page } from 'playwright-core';
import { median } from '../../tests/browser/support/badge-timing';
import { type ChromiumHarness, launchBareChromium, launchChromium } from '../../tests/browser/support/chromium';
import { type FixtureServer, startFixtureServer } from '../../tests/browser/support/fixture-server';

const ROGUE = (n: number) => `<!doctype html><html><head><title>Meds ${n}</title></head><body><h1>Buy Oxycodone 30mg online</h1>
<p>No prescription needed. Bitcoin only. Stealth shipping worldwide.</p><p>Price $250 for 60 pills. Add to cart.</p></body></html>`;
/** On the bundled authority list (stopped by the block rule, the tab goes to RxRadar's page). */
const LISTED_HOST = 'www.tramadolus.org';
const BADGE_TIMEOUT_MS = 8000;

export interface ColdStartFigures {
  visits: number;
  badgeMs: { rogueCold: number[]; rogueWarm: number[]; listedCold: number[]; listedWarm: number[] };
  lost: { cold: number; warm: number; fourTabs: { visits: number; lost: number } };
  /** The worker's own figures after a cold start (median over the cold rogue visits). */
  engine: { firstEngineMs: number; engineBuildMs: number; communityTableMs: number; lexiconMs: number; analysisMs: number } | null;
  popupFirstPaintMs: number[];
  /**
   * Cold rogue visits, ms after the navigation started: when the worker started, its script had
   * run (the engine holder made), the engine was ready, page analysis was ready, the page's report
   * came, the danger badge was set, and the badge was seen.
   */
  timeline: Record<TimelineStep, number[]>;
  /** Warm rogue visits, ms after the navigation started: the page's hello, its report, the badge set and seen. */
  warmTimeline: Record<WarmStep, number[]>;
}

export const WARM_STEPS = ['hello in', 'page report in', 'badge set', 'badge seen'] as const;
type WarmStep = (typeof WARM_STEPS)[number];

export const TIMELINE_STEPS = ['worker started', 'script run', 'engine ready', 'analysis ready', 'page report in', 'badge set', 'badge seen'] as const;
type TimelineStep = (typeof TIMELINE_STEPS)[number];

interface WorkerControl {
  stop(): Promise<void>;
  running(): boolean;
}

/** Stops the extension's service worker through the DevTools protocol and waits until it is. */
async function workerControl(monitor: Page, extensionId: string): Promise<WorkerControl> {
  const cdp: CDPSession = await monitor.context().newCDPSession(monitor);
  const versions = new Map<string, { status: string; scriptURL: string }>();
  const registrations = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) registrations.set(r.registrationId, r.scopeURL);
  });
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) versions.set(v.versionId, { status: v.runningStatus, scriptURL: v.scriptURL });
  });
  await cdp.send('ServiceWorker.enable');
  const ours = () => [...versions].filter(([, v]) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`));
  const running = () => ours().some(([, v]) => v.status !== 'stopped');
  return {
    running,
    async stop() {
      // Something may wake it again at once (a late event from the visit before): stop it until it stays stopped.
      const until = Date.now() + 20_000;
      for (;;) {
        for (const [versionId, v] of ours()) if (v.status !== 'stopped') await cdp.send('ServiceWorker.stopWorker', { versionId }).catch(() => undefined);
        const settleUntil = Date.now() + 1000;
        while (running() && Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 20));
        if (!running()) {
          await new Promise((r) => setTimeout(r, 100));
          if (!running()) break;
        }
        if (Date.now() > until) throw new Error(`the service worker did not stop: ${JSON.stringify(ours())}`);
      }
      if (ours().length === 0) throw new Error('the service worker is not visible to the DevTools protocol');
    },
  };
}

/**
 * Waits until the worker has read the browser's policy once and kept it (storage.local
 * "policyCache"). Chromium answers the first storage.managed read of a session only once its
 * policy service is up, 3 s or more after the browser starts; RxRadar keeps the answer and uses
 * it from then on, and decides nothing before it has one (a family policy may say "block"). So
 * the first verdicts after an install wait for it, once; the visits below measure a worker that
 * wakes in a browser where it has run before, as it does every day.
 */
async function policyCached(monitor: Page): Promise<void> {
  const until = Date.now() + 20_000;
  while (!(await monitor.evaluate(async () => (await chrome.storage.local.get('policyCache')).policyCache != null))) {
    if (Date.now() > until) throw new Error('the worker never kept the browser policy (storage.local policyCache)');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for the "!" badge on `tabId`, polling from the extension page; resolves to Date.now() then, or -1. */
function badgeSeenAt(monitor: Page, tabId: number): Promise<number> {
  return monitor.evaluate(
    async ({ id, timeout }) => {
      const until = Date.now() + timeout;
      while (Date.now() < until) {
        try {
          if ((await chrome.action.getBadgeText({ tabId: id })) === '!') return Date.now();
        } catch {
          // the tab is between documents
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return -1;
    },
    { id: tabId, timeout: BADGE_TIMEOUT_MS },
  );
}

async function tabIdOf(monitor: Page, url: string): Promise<number> {
  const until = Date.now() + 5000;
  for (;;) {
    const id = await monitor.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u || t.pendingUrl === u)?.id ?? -1, url);
    if (id >= 0) return id;
    if (Date.now() > until) throw new Error(`no tab for ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Danger puts RxRadar's page in the tab after the badge: wait for it, so the next visit is not cut short. */
async function settled(page: Page): Promise<void> {
  const until = Date.now() + 3000;
  while (!page.url().startsWith('chrome-extension://') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await page.waitForLoadState('load').catch(() => undefined);
}

async function gotoStart(page: Page, url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(url);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

let lastVisitStart = 0;

/** One visit from a neutral page: ms from navigation to the "!" badge, or null when it never came (a lost verdict). */
async function visit(h: ChromiumHarness, monitor: Page, control: WorkerControl, page: Page, tabId: number, url: string, cold: boolean): Promise<number | null> {
  await gotoStart(page, `http://start.example/?t=${Date.now()}`);
  if (cold) await control.stop();
  else {
    // Make sure the worker runs (a warm visit): any extension message wakes it.
    await monitor.evaluate(() => chrome.runtime.sendMessage({ type: 'get-protection-state' }).catch(() => null));
    if (!control.running()) throw new Error('the service worker is not running for a warm visit');
  }
  if (cold && control.running()) throw new Error('the service worker runs before a cold visit');
  const seen = badgeSeenAt(monitor, tabId);
  const start = Date.now();
  lastVisitStart = start;
  await page.goto(url, { waitUntil: 'commit' }).catch(() => undefined); // a blocked address ends in an error page, then RxRadar's
  const at = await seen;
  await settled(page);
  void h;
  return at < 0 ? null : at - start;
}

export async function benchColdStart(visits = 20): Promise<ColdStartFigures> {
  const server: FixtureServer = await startFixtureServer();
  for (let i = 0; i < 8; i++) server.page(`rogue-${i}.example-meds.com`, '/', ROGUE(i));
  server.page(LISTED_HOST, '/', '<!doctype html><html><body><p>Welcome</p></body></html>');
  server.page('start.example', '/', '<!doctype html><html><body><p>Start</p></body></html>');
  const h = await launchChromium({ port: server.port });
  try {
    const monitor = await h.context.newPage();
    await monitor.goto(`chrome-extension://${h.extensionId}/blocked.html`);
    const control = await workerControl(monitor, h.extensionId);
    await policyCached(monitor);
    const page = await h.context.newPage();
    await page.goto('http://start.example/');
    const tabId = await tabIdOf(monitor, 'http://start.example/');

    const badgeMs: ColdStartFigures['badgeMs'] = { rogueCold: [], rogueWarm: [], listedCold: [], listedWarm: [] };
    const lost = { cold: 0, warm: 0, fourTabs: { visits: 0, lost: 0 } };
    const engineRuns: Array<NonNullable<ColdStartFigures['engine']>> = [];
    const timeline = Object.fromEntries(TIMELINE_STEPS.map((k) => [k, [] as number[]])) as ColdStartFigures['timeline'];
    const warmTimeline = Object.fromEntries(WARM_STEPS.map((k) => [k, [] as number[]])) as ColdStartFigures['warmTimeline'];
    for (let i = 0; i < visits; i++) {
      const rogue = (run: number) => `http://rogue-${run % 8}.example-meds.com/?v=${i}-${run}`;
      const cold = await visit(h, monitor, control, page, tabId, rogue(0), true);
      if (cold === null) lost.cold++;
      else badgeMs.rogueCold.push(cold);
      const timings = await workerTimings(h);
      if (timings) engineRuns.push(timings);
      const steps = cold === null ? null : await workerTimeline(h, lastVisitStart);
      if (process.env.RXRADAR_BENCH_DEBUG)
        console.log('cold visit', i, cold, JSON.stringify(steps), JSON.stringify(await warmWorkerTimeline(h, lastVisitStart)));
      if (steps) for (const step of TIMELINE_STEPS) timeline[step].push(step === 'badge seen' ? cold! : steps[step]);
      const warm = await visit(h, monitor, control, page, tabId, rogue(1), false);
      if (warm === null) lost.warm++;
      else badgeMs.rogueWarm.push(warm);
      const warmSteps = warm === null ? null : await warmWorkerTimeline(h, lastVisitStart);
      if (warmSteps) for (const step of WARM_STEPS) warmTimeline[step].push(step === 'badge seen' ? warm! : warmSteps[step]);
      if (i < Math.min(visits, 10)) {
        const lc = await visit(h, monitor, control, page, tabId, `http://${LISTED_HOST}/?v=${i}c`, true);
        if (lc !== null) badgeMs.listedCold.push(lc);
        const lw = await visit(h, monitor, control, page, tabId, `http://${LISTED_HOST}/?v=${i}w`, false);
        if (lw !== null) badgeMs.listedWarm.push(lw);
      }
    }

    // Four tabs at once, worker stopped: every one must end with the danger badge.
    const tabs = await Promise.all(
      [0, 1, 2, 3].map(async (n) => {
        const p = await h.context.newPage();
        await p.goto(`http://start.example/?tab=${n}`);
        return { page: p, id: await tabIdOf(monitor, `http://start.example/?tab=${n}`) };
      }),
    );
    for (let round = 0; round < Math.max(1, Math.ceil(visits / 4)); round++) {
      await Promise.all(tabs.map((t, n) => gotoStart(t.page, `http://start.example/?tab=${n}&r=${round}`)));
      await control.stop();
      const seen = tabs.map((t) => badgeSeenAt(monitor, t.id));
      await Promise.all(tabs.map((t, n) => t.page.goto(`http://rogue-${4 + n}.example-meds.com/?r=${round}`, { waitUntil: 'commit' }).catch(() => undefined)));
      for (const at of await Promise.all(seen)) {
        lost.fourTabs.visits++;
        if (at < 0) lost.fourTabs.lost++;
      }
      await Promise.all(tabs.map((t) => settled(t.page)));
    }
    for (const t of tabs) await t.page.close();

    // The popup, opened as a page for the tab (a toolbar popup cannot be opened by automation),
    // as a person opens it: once the visits above have settled (the four tabs' pages loaded and
    // closed), one popup at a time.
    await new Promise((r) => setTimeout(r, 1000));
    const popupFirstPaintMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const popup = await h.context.newPage();
      await popup.setViewportSize({ width: 380, height: 600 });
      await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${tabId}`);
      const fp = await popup.evaluate(async () => {
        for (let k = 0; k < 100; k++) {
          const e = performance.getEntriesByName('first-contentful-paint')[0] ?? performance.getEntriesByName('first-paint')[0];
          if (e) return e.startTime;
          await new Promise((r) => setTimeout(r, 20));
        }
        return -1;
      });
      if (fp >= 0) popupFirstPaintMs.push(fp);
      await popup.close();
    }

    const mid = (k: keyof NonNullable<ColdStartFigures['engine']>) => median(engineRuns.map((r) => r[k]));
    return {
      visits,
      badgeMs,
      lost,
      engine: engineRuns.length
        ? {
            firstEngineMs: mid('firstEngineMs'),
            engineBuildMs: mid('engineBuildMs'),
            communityTableMs: mid('communityTableMs'),
            lexiconMs: mid('lexiconMs'),
            analysisMs: mid('analysisMs'),
          }
        : null,
      popupFirstPaintMs,
      timeline,
      warmTimeline,
    };
  } finally {
    await h.close();
    await server.close();
  }
}

/** RxRadar's service worker while it runs (the harness's own handle goes stale once the worker is stopped). */
function ourWorker(h: ChromiumHarness) {
  return h.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${h.extensionId}/`));
}

/** The running worker's engine timings (rxradarEngineTimings), once its first engine is ready. */
async function workerTimings(h: ChromiumHarness): Promise<NonNullable<ColdStartFigures['engine']> | null> {
  const worker = ourWorker(h) ?? (await h.context.waitForEvent('serviceworker', { timeout: 3000 }).catch(() => null));
  if (process.env.RXRADAR_BENCH_DEBUG)
    console.log(
      'workers',
      h.context.serviceWorkers().map((w) => w.url()),
      !!worker,
    );
  if (!worker) return null;
  try {
    const t = await worker.evaluate(async () => {
      const until = Date.now() + 3000;
      // No named functions in here: tsx would wrap them in a helper the worker does not have.
      const g = globalThis as { rxradarEngineTimings?: Record<string, number | null> };
      while (Date.now() < until && (g.rxradarEngineTimings?.firstEngineMs == null || g.rxradarEngineTimings?.analysisMs == null))
        await new Promise((r) => setTimeout(r, 10));
      return g.rxradarEngineTimings ?? null;
    });
    if (process.env.RXRADAR_BENCH_DEBUG) console.log('timings', t);
    if (!t || t.firstEngineMs == null) return null;
    return {
      firstEngineMs: t.firstEngineMs,
      engineBuildMs: t.engineBuildMs ?? NaN,
      communityTableMs: t.communityTableMs ?? NaN,
      lexiconMs: t.lexiconMs ?? NaN,
      analysisMs: t.analysisMs ?? NaN,
    };
  } catch (err) {
    if (process.env.RXRADAR_BENCH_DEBUG) console.log('timings', err);
    return null; // the worker stopped in between
  }
}

/** The worker's start-up milestones (rxradarStartup, rxradarEngineTimings) as ms after `navigationStart` (Date.now()). */
async function workerTimeline(h: ChromiumHarness, navigationStart: number): Promise<Record<Exclude<TimelineStep, 'badge seen'>, number> | null> {
  const worker = ourWorker(h);
  if (!worker) return null;
  const g = await worker
    .evaluate(() => {
      const o = globalThis as { rxradarStartup?: Record<string, number | null>; rxradarEngineTimings?: Record<string, number | null> };
      return { startup: o.rxradarStartup ?? null, engine: o.rxradarEngineTimings ?? null };
    })
    .catch(() => null);
  const s = g?.startup;
  const e = g?.engine;
  if (!s || !e || s.timeOrigin == null || e.createdAt == null || e.firstEngineMs == null) return null;
  const at = (t: number | null | undefined) => (t == null ? NaN : s.timeOrigin! + t - navigationStart);
  return {
    'worker started': at(0),
    'script run': at(e.createdAt),
    'engine ready': at(e.createdAt + e.firstEngineMs),
    'analysis ready': at(e.analysisReadyAt),
    'page report in': at(s.firstReportAt),
    'badge set': at(s.firstDangerBadgeAt),
  };
}

/** A warm visit's steps in the worker (rxradarStartup's latest hello, report and danger badge) as ms after `navigationStart`. */
async function warmWorkerTimeline(h: ChromiumHarness, navigationStart: number): Promise<Record<Exclude<WarmStep, 'badge seen'>, number> | null> {
  const worker = ourWorker(h);
  if (!worker) return null;
  const s = await worker.evaluate(() => (globalThis as { rxradarStartup?: Record<string, number | null> }).rxradarStartup ?? null).catch(() => null);
  if (!s || s.timeOrigin == null) return null;
  const at = (t: number | null | undefined) => (t == null ? NaN : s.timeOrigin! + t - navigationStart);
  return { 'hello in': at(s.lastHelloAt), 'page report in': at(s.lastReportAt), 'badge set': at(s.dangerBadgeSinceHelloAt) };
}

/**
 * The same navigations in the same browser without RxRadar: when the page's document was parsed
 * (DOMContentLoaded, from its navigation timing, on the same clock as the visits above), after
 * navigating from the neutral start page. What the browser itself takes before any content script
 * could read the page: the floor under a verdict judged from the page's text.
 */
export async function benchBareNavigation(visits = 20): Promise<{ rogueParsedMs: number[]; listedParsedMs: number[] }> {
  const server: FixtureServer = await startFixtureServer();
  for (let i = 0; i < 8; i++) server.page(`rogue-${i}.example-meds.com`, '/', ROGUE(i));
  server.page(LISTED_HOST, '/', '<!doctype html><html><body><p>Welcome</p></body></html>');
  server.page('start.example', '/', '<!doctype html><html><body><p>Start</p></body></html>');
  const bare = await launchBareChromium({ port: server.port });
  const out = { rogueParsedMs: [] as number[], listedParsedMs: [] as number[] };
  try {
    const page = await bare.context.newPage();
    const parsedAfter = async (url: string): Promise<number> => {
      await gotoStart(page, `http://start.example/?t=${Date.now()}`);
      const start = Date.now();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      return page.evaluate(
        (t0) => performance.timeOrigin + (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart - t0,
        start,
      );
    };
    for (let i = 0; i < visits; i++) {
      out.rogueParsedMs.push(await parsedAfter(`http://rogue-${i % 8}.example-meds.com/?v=${i}`));
      if (i < Math.min(visits, 10)) out.listedParsedMs.push(await parsedAfter(`http://${LISTED_HOST}/?v=${i}`));
    }
  } finally {
    await bare.close();
    await server.close();
  }
  return out;
}
