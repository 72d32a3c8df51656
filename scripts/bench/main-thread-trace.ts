/**
 * Main-thread time of one page load, from a Chromium trace (DevTools protocol): all top-level
 * tasks of the page's renderer main thread, and the part spent running RxRadar's content script
 * (script evaluation and function calls whose code comes from the extension). Nested events are
 * counted once.
 */
import type { BrowserContext, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, where the trace has it. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; frame?: string; stackTrace?: Array<{ url?: string }> }; beginData?: { url?: string } };
}

export interface MainThreadCost {
  /** Top-level tasks on the page's renderer main thread (ms). */
  pageMs: number;
  /** Of which RxRadar's content script ran (ms). */
  extensionMs: number;
  /** RxRadar's longest single stretch of script on the main thread (ms). */
  extensionLongestMs: number;
  /**
   * The same three in thread (CPU) time: on a loaded machine wall time includes the time the
   * renderer waited for a core, CPU time does not.
   */
  pageCpuMs: number;
  extensionCpuMs: number;
  extensionLongestCpuMs: number;
}

const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'CompileScript', 'v8.evaluateModule']);

export async function traceLoad(context: BrowserContext, page: Page, url: string, settleMs = 1500): Promise<MainThreadCost> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  // Tracing events are not in playwright's typed protocol map.
  const session = cdp as unknown as { on(e: string, f: (p: { value: TraceEvent[] }) => void): void; once(e: string, f: () => void): void };
  session.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] },
    transferMode: 'ReportEvents',
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(settleMs);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();

  // The renderer main thread that parsed this URL.
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.startsWith(url.replace(/\/$/, '')));
  if (!parse) throw new Error(`no ParseHTML event for ${url} in the trace`);
  const onMain = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && typeof e.dur === 'number');

  const pageMs = sumOuter(onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'));
  const fromExtension = (e: TraceEvent) => {
    const u = e.args?.data?.url ?? e.args?.data?.stackTrace?.[0]?.url ?? '';
    return u.startsWith('chrome-extension://');
  };
  const extensionEvents = onMain.filter((e) => SCRIPT_EVENTS.has(e.name) && fromExtension(e));
  const extensionMs = sumOuter(extensionEvents);
  if (process.env.RXRADAR_TRACE_DEBUG) {
    for (const e of extensionEvents)
      console.log(e.name, ((e.dur ?? 0) / 1000).toFixed(2), 'cpu', ((e.tdur ?? 0) / 1000).toFixed(2), JSON.stringify(e.args?.data).slice(0, 160));
  }
  const pageTasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const extensionOuter = outerEvents(extensionEvents);
  return {
    pageMs,
    extensionMs,
    extensionLongestMs: longestOuter(extensionEvents),
    pageCpuMs: sumCpu(outerEvents(pageTasks)),
    extensionCpuMs: sumCpu(extensionOuter),
    extensionLongestCpuMs: Math.max(0, ...extensionOuter.map((e) => e.tdur ?? e.dur!)) / 1000,
  };
}

/** Events not nested inside an earlier one of the list. */
export function outerEvents<E extends { ts: number; dur?: number }>(events: E[]): E[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const out: E[] = [];
  let until = -Infinity;
  for (const e of sorted) {
    if (e.ts >= until) {
      out.push(e);
      until = e.ts + e.dur!;
    }
  }
  return out;
}

/** Thread time of events (wall time where the trace has no thread time), ms. */
export function sumCpu(events: Array<{ dur?: number; tdur?: number }>): number {
  return events.reduce((s, e) => s + (e.tdur ?? e.dur!), 0) / 1000;
}

/** Sum of durations, counting an event nested inside an already counted one only once. */
function sumOuter(events: TraceEvent[]): number {
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  let total = 0;
  let coveredUntil = -Infinity;
  for (const e of sorted) {
    const end = e.ts + e.dur!;
    if (e.ts >= coveredUntil) {
      total += e.dur!;
      coveredUntil = end;
    } else if (end > coveredUntil) {
      total += end - coveredUntil;
      coveredUntil = end;
    }
  }
  return total / 1000;
}

/** The longest stretch among events, nested events merged into the one around them. */
function longestOuter(events: TraceEvent[]): number {
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  let longest = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const e of sorted) {
    if (e.ts >= end) {
      start = e.ts;
      end = e.ts + e.dur!;
    } else end = Math.max(end, e.ts + e.dur!);
    longest = Math.max(longest, end - start);
  }
  return longest / 1000;
}
