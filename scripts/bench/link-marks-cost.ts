/**
 * What marking links costs a page, measured in Debian's Chromium from DevTools traces: a search
 * result page with 100 links and a page with 10,000 links (a tenth of them to listed pharmacies),
 * each loaded without and with RxRadar. Printed side by side: the page's own main-thread work, the
 * link-marks content script's main-thread time (reading links, the message, the marks), and its
 * longest single task (the bound: under 16 ms, one frame).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { median } from '../../tests/browser/support/badge-timing';
import { outerEvents, sumCpu } from './main-thread-trace';
import { launchBareChromium, launchChromium } from '../../tests/browser/support/chromium';
import { startFixtureServer } from '../../tests/browser/support/fixture-server';

const LISTED = ['tramadolus.org', 'www.alpharoyalpharmacy.com', 'bestcheapmedsonline.com'];

/** A result page: `n` results, every tenth to a listed pharmacy, the rest to distinct ordinary hosts; half of them Google-wrapped. */
export function linksPage(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const host = i % 10 === 3 ? LISTED[i % LISTED.length]! : `site-${i % 2000}.example-${i % 7}.com`;
    const target = `https://${host}/page/${i}`;
    const href = i % 2 ? `/url?q=${encodeURIComponent(target)}&sa=U` : target;
    items.push(
      `<div class="g"><a href="${href}"><h3>Result ${i}: information about medicines</h3><cite>${host}</cite></a><p>Snippet text for result ${i}, about medicine prices and pharmacies.</p></div>`,
    );
  }
  return `<!doctype html><html><head><title>results</title><style>h3{font-size:18px;margin:12px 0 2px}</style></head><body><h1>Results</h1>${items.join('')}</body></html>`;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; stackTrace?: Array<{ url?: string }> }; beginData?: { url?: string } };
}

export interface LinkMarksCost {
  /** The page's main-thread work without RxRadar (median, ms). */
  pageMsWithout: number;
  /** The link-marks script's main-thread time with RxRadar (median, ms). */
  marksMs: number;
  /** Its longest single piece of work (median over runs of the per-run maximum, ms). */
  longestMarksTaskMs: number;
  /** The same two in thread (CPU) time (median, ms): a loaded machine inflates wall time, not this. */
  marksCpuMs: number;
  longestMarksTaskCpuMs: number;
  /** The page's own CPU time without RxRadar (median, ms). */
  pageCpuMsWithout: number;
  /** Marks on the page at the end (check: every listed link marked). */
  marks: number;
}

const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'CompileScript', 'v8.evaluateModule', 'TimerFire', 'FireIdleCallback']);

async function trace(
  context: BrowserContext,
  page: Page,
  url: string,
  settleMs: number,
  waitForMarks = 0,
): Promise<{ pageMs: number; pageCpuMs: number; marksMs: number; longestMs: number; marksCpuMs: number; longestCpuMs: number }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  const session = cdp as unknown as { on(e: string, f: (p: { value: TraceEvent[] }) => void): void; once(e: string, f: () => void): void };
  session.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] },
    transferMode: 'ReportEvents',
  });
  await page.goto(url, { waitUntil: 'load' });
  const t0 = Date.now();
  if (waitForMarks)
    await page
      .waitForFunction((n) => document.querySelectorAll('rxradar-link-mark').length >= n, waitForMarks, { timeout: 15_000, polling: 100 })
      .catch(() => {});
  if (process.env.RXRADAR_TRACE_DEBUG) console.log('marks after', Date.now() - t0, 'ms');
  await page.waitForTimeout(settleMs);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.startsWith(url.replace(/\/$/, '')));
  if (!parse) throw new Error(`no ParseHTML for ${url}`);
  const onMain = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && typeof e.dur === 'number');
  const tasks = outerEvents(onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'));
  const pageMs = tasks.reduce((s, e) => s + e.dur!, 0) / 1000;
  const pageCpuMs = tasks.reduce((s, e) => s + (e.tdur ?? e.dur!), 0) / 1000;
  const fromMarks = (e: TraceEvent) => (e.args?.data?.url ?? e.args?.data?.stackTrace?.[0]?.url ?? '').includes('/content-scripts/link-marks.js');
  const marks = outerEvents(onMain.filter((e) => SCRIPT_EVENTS.has(e.name) && fromMarks(e)));
  if (process.env.RXRADAR_TRACE_DEBUG)
    console.log(
      marks
        .map(
          (e) =>
            `${e.name}@${(e.args?.data as { lineNumber?: number })?.lineNumber}:${(e.args?.data as { columnNumber?: number })?.columnNumber} ${((e.tdur ?? 0) / 1000).toFixed(2)}`,
        )
        .join(' | '),
    );
  return {
    pageMs,
    pageCpuMs,
    marksMs: marks.reduce((s, e) => s + e.dur!, 0) / 1000,
    longestMs: Math.max(0, ...marks.map((e) => e.dur!)) / 1000,
    marksCpuMs: sumCpu(marks),
    longestCpuMs: Math.max(0, ...marks.map((e) => e.tdur ?? e.dur!)) / 1000,
  };
}

export async function benchLinkMarks(sizes: number[], runs = 5): Promise<Array<{ links: number } & LinkMarksCost>> {
  const server = await startFixtureServer();
  for (const n of sizes) server.page('www.google.com', `/search-${n}`, linksPage(n));
  const url = (n: number) => `http://www.google.com/search-${n}`;
  // The browser tests' Chromium with the same flags, without the extension: the baseline.
  const plain = await launchBareChromium({ port: server.port });
  const plainContext = plain.context;
  const without = new Map<number, number[]>();
  const withoutCpu = new Map<number, number[]>();
  for (const n of sizes) {
    for (let i = 0; i < runs; i++) {
      const page = await plainContext.newPage();
      const t = await trace(plainContext, page, url(n), 1500);
      without.set(n, [...(without.get(n) ?? []), t.pageMs]);
      withoutCpu.set(n, [...(withoutCpu.get(n) ?? []), t.pageCpuMs]);
      await page.close();
    }
  }
  await plain.close();
  const h = await launchChromium({ port: server.port });
  const out: Array<{ links: number } & LinkMarksCost> = [];
  for (const n of sizes) {
    const withExt: Array<{ marksMs: number; longestMs: number; marksCpuMs: number; longestCpuMs: number }> = [];
    let marks = 0;
    for (let i = 0; i < runs; i++) {
      const page = await h.context.newPage();
      withExt.push(await trace(h.context, page, url(n), 1000, n / 10));
      marks = await page.evaluate(() => document.querySelectorAll('rxradar-link-mark').length);
      await page.close();
    }
    out.push({
      links: n,
      pageMsWithout: median(without.get(n)!),
      pageCpuMsWithout: median(withoutCpu.get(n)!),
      marksMs: median(withExt.map((w) => w.marksMs)),
      longestMarksTaskMs: median(withExt.map((w) => w.longestMs)),
      marksCpuMs: median(withExt.map((w) => w.marksCpuMs)),
      longestMarksTaskCpuMs: median(withExt.map((w) => w.longestCpuMs)),
      marks,
    });
  }
  await h.close();
  await server.close();
  return out;
}
