/**
 * The outgoing report queue, as pure functions over a plain state object that the caller stores
 * (extension storage). Nothing here does I/O or reads the clock: time, randomness, the sender and
 * the store are passed in.
 *
 * Life of a report: `queued` → `sending` → `sent`, or back to `queued` (retryable failure, with
 * backoff), or `failed` (permanent failure; the user can retry it or take the report as a file).
 *
 * Delivery is at-least-once from here and exactly-once end to end: the state is stored as
 * `sending` before the request goes out, so a report whose browser died mid-send is sent again
 * (after its lease runs out, or at once through `recoverInterrupted` on start); the intake server
 * stores each reportId once and answers a repeat with 200 `duplicate`, which counts as sent. Once
 * a report is acknowledged it is never sent again: its id stays in `sentIds`, and `addReport`
 * refuses it.
 *
 * Size: a pending or failed item keeps its report, screenshot included (up to about 2.8 MB as
 * text), so `maxPending` and `maxHistory` bound the stored state; extension storage without the
 * unlimitedStorage permission holds 10 MB, so pass smaller bounds there or keep screenshots apart.
 */
import { z } from '../core/zod';
import { type Report, ReportCategorySchema, ReportSchema } from './report-schema';

export const QueueStatusSchema = z.enum(['queued', 'sending', 'sent', 'failed']);
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

/** What the user sees of a report without its body. */
export const QueueSummarySchema = z.object({ url: z.string(), domain: z.string(), category: ReportCategorySchema, time: z.string() });
export type QueueSummary = z.infer<typeof QueueSummarySchema>;

export const QueueItemSchema = z.object({
  reportId: z.string(),
  status: QueueStatusSchema,
  summary: QueueSummarySchema,
  /** The report itself, kept while it may still be sent (queued, sending, failed); dropped once sent. */
  report: z.optional(ReportSchema),
  addedAt: z.number(),
  /** Send attempts started so far. */
  attempts: z.number().check(z.int(), z.gte(0)),
  /** queued: not before this time (ms since the epoch). */
  nextAttemptAt: z.number(),
  /** sending: the attempt counts as lost (browser closed, worker killed) after this time. */
  leaseUntil: z.optional(z.number()),
  lastAttemptAt: z.optional(z.number()),
  lastError: z.optional(z.string()),
  /** sent / failed: when. */
  finishedAt: z.optional(z.number()),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

export const QueueStateSchema = z.object({
  version: z.literal(1),
  /** Pending reports (queued, sending), oldest first. */
  pending: z.array(QueueItemSchema),
  /** Finished reports (sent, failed), newest first, at most `maxHistory`. */
  history: z.array(QueueItemSchema),
  /** Ids of acknowledged reports, newest first, at most `maxSentIds`: never sent again. */
  sentIds: z.array(z.string()),
});
export type QueueState = z.infer<typeof QueueStateSchema>;

export interface QueueOptions {
  /** Delay after the first failure. */
  baseDelayMs: number;
  /** Longest delay between attempts (the doubling stops here). */
  maxDelayMs: number;
  /** How long a `sending` attempt may take before it counts as lost and is retried. */
  leaseMs: number;
  /** Most pending reports; `addReport` refuses more (the user can still save the report as a file). */
  maxPending: number;
  maxHistory: number;
  maxSentIds: number;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 2 * 60_000,
  maxPending: 100,
  maxHistory: 100,
  maxSentIds: 1000,
};

const MAX_ERROR_CHARS = 300;

/** What a sender reports for one attempt. */
export type SendResult =
  | { kind: 'ok' }
  /** Try again later: offline, timeout, 5xx, 429. `retryAfterMs`: the server's Retry-After. */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** Sending again would not help: the server refused this report (400, 413, 415, 404...). */
  | { kind: 'permanent'; error: string };

export type Sender = (report: Report) => Promise<SendResult>;

export function emptyQueue(): QueueState {
  return { version: 1, pending: [], history: [], sentIds: [] };
}

/** Reads a stored state. An unreadable state is an error for the caller to show, never silently emptied. */
export function parseQueueState(value: unknown): { ok: true; state: QueueState } | { ok: false; error: string } {
  if (value === undefined || value === null) return { ok: true, state: emptyQueue() };
  const r = QueueStateSchema.safeParse(value);
  if (r.success) return { ok: true, state: r.data };
  const first = r.error.issues[0];
  return { ok: false, error: `stored report queue is not readable: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}` };
}

function opts(o?: Partial<QueueOptions>): QueueOptions {
  return { ...DEFAULT_QUEUE_OPTIONS, ...o };
}

function summaryOf(r: Report): QueueSummary {
  return { url: r.url, domain: r.domain, category: r.category, time: r.time };
}

function findItem(state: QueueState, reportId: string): QueueItem | undefined {
  return state.pending.find((i) => i.reportId === reportId) ?? state.history.find((i) => i.reportId === reportId);
}

export type AddResult = { added: true; state: QueueState } | { added: false; state: QueueState; reason: 'duplicate' | 'already-sent' | 'full' };

/** Queues a report, due at once. The same reportId is queued once, and never after it was sent. */
export function addReport(state: QueueState, report: Report, now: number, options?: Partial<QueueOptions>): AddResult {
  const o = opts(options);
  if (state.sentIds.includes(report.reportId)) return { added: false, state, reason: 'already-sent' };
  const existing = findItem(state, report.reportId);
  if (existing) return { added: false, state, reason: existing.status === 'sent' ? 'already-sent' : 'duplicate' };
  if (state.pending.length >= o.maxPending) return { added: false, state, reason: 'full' };
  const item: QueueItem = { reportId: report.reportId, status: 'queued', summary: summaryOf(report), report, addedAt: now, attempts: 0, nextAttemptAt: now };
  return { added: true, state: { ...state, pending: [...state.pending, item] } };
}

function isDue(i: QueueItem, now: number): boolean {
  if (i.status === 'queued') return i.nextAttemptAt <= now;
  if (i.status === 'sending') return (i.leaseUntil ?? 0) <= now;
  return false;
}

/** Pending reports that may be sent now (queued and due, or sending with a lapsed lease), earliest first. */
export function due(state: QueueState, now: number): QueueItem[] {
  return state.pending
    .filter((i) => isDue(i, now))
    .sort(
      (a, b) =>
        (a.status === 'sending' ? (a.leaseUntil ?? 0) : a.nextAttemptAt) - (b.status === 'sending' ? (b.leaseUntil ?? 0) : b.nextAttemptAt) ||
        a.addedAt - b.addedAt,
    );
}

/** When the next report becomes due (for an alarm), or null when nothing is pending. */
export function nextWakeAt(state: QueueState): number | null {
  let at: number | null = null;
  for (const i of state.pending) {
    const t = i.status === 'sending' ? (i.leaseUntil ?? 0) : i.nextAttemptAt;
    if (at === null || t < at) at = t;
  }
  return at;
}

/**
 * On start (browser restart, new service worker): a report left `sending` was interrupted, since
 * no earlier instance is still running; it is due again at once. The server dedupes by reportId.
 */
export function recoverInterrupted(state: QueueState, now: number): QueueState {
  if (!state.pending.some((i) => i.status === 'sending')) return state;
  return {
    ...state,
    pending: state.pending.map((i) => {
      if (i.status !== 'sending') return i;
      const { leaseUntil: _lease, ...rest } = i;
      return { ...rest, status: 'queued' as const, nextAttemptAt: now, lastError: 'interrupted while sending' };
    }),
  };
}

/**
 * Marks a due report as being sent. Store the returned state before sending: that is what makes
 * an interrupted send get retried. Returns null when the report is not pending and due.
 */
export function beginSend(
  state: QueueState,
  reportId: string,
  now: number,
  options?: Partial<QueueOptions>,
): { state: QueueState; attempt: number; report: Report } | null {
  const o = opts(options);
  const item = state.pending.find((i) => i.reportId === reportId);
  if (!item || !item.report || !isDue(item, now)) return null;
  const attempt = item.attempts + 1;
  const next: QueueItem = { ...item, status: 'sending', attempts: attempt, lastAttemptAt: now, leaseUntil: now + o.leaseMs };
  return { state: { ...state, pending: state.pending.map((i) => (i === item ? next : i)) }, attempt, report: item.report };
}

/**
 * Delay before the next try after `failures` failed attempts (1, 2, ...): base doubling up to the
 * cap, with "equal jitter": uniformly between half the step and the full step. `random` in [0, 1).
 */
export function backoffDelay(failures: number, random: number, options?: Partial<QueueOptions>): number {
  const o = opts(options);
  const n = Math.max(1, Math.floor(failures));
  // 2^(n-1) without overflow: the cap is reached long before n = 60.
  const step = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(n - 1, 60));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}

/** Bounds of backoffDelay for `failures`: [lowest, highest]. */
export function backoffBounds(failures: number, options?: Partial<QueueOptions>): [number, number] {
  return [backoffDelay(failures, 0, options), backoffDelay(failures, 1, options)];
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_ERROR_CHARS ? `${one.slice(0, MAX_ERROR_CHARS - 1)}…` : one;
}

function finish(state: QueueState, item: QueueItem, next: QueueItem, o: QueueOptions): QueueState {
  const sentIds = next.status === 'sent' ? [next.reportId, ...state.sentIds.filter((id) => id !== next.reportId)].slice(0, o.maxSentIds) : state.sentIds;
  return {
    ...state,
    pending: state.pending.filter((i) => i !== item),
    history: [next, ...state.history.filter((i) => i.reportId !== next.reportId)].slice(0, o.maxHistory),
    sentIds,
  };
}

/**
 * Records the outcome of attempt `attempt` of a report. An acknowledgement always counts, even
 * from an attempt that was superseded (the report is then sent; a later attempt's outcome is
 * ignored). A failure counts only for the current attempt of a report still `sending`.
 */
export function completeSend(
  state: QueueState,
  reportId: string,
  attempt: number,
  result: SendResult,
  now: number,
  random: number,
  options?: Partial<QueueOptions>,
): QueueState {
  const o = opts(options);
  const item = state.pending.find((i) => i.reportId === reportId);
  if (!item) return state; // already sent or failed: nothing to change
  if (result.kind === 'ok') {
    const { report: _report, leaseUntil: _lease, lastError: _err, ...rest } = item;
    return finish(state, item, { ...rest, status: 'sent', finishedAt: now }, o);
  }
  if (item.status !== 'sending' || item.attempts !== attempt) return state; // a stale attempt's failure
  if (result.kind === 'permanent') {
    const { leaseUntil: _lease, ...rest } = item;
    return finish(state, item, { ...rest, status: 'failed', finishedAt: now, lastError: clip(result.error) }, o);
  }
  let delay = backoffDelay(item.attempts, random, o);
  if (result.retryAfterMs !== undefined && Number.isFinite(result.retryAfterMs)) delay = Math.max(delay, Math.min(result.retryAfterMs, o.maxDelayMs));
  const { leaseUntil: _lease, ...rest } = item;
  const next: QueueItem = { ...rest, status: 'queued', nextAttemptAt: now + delay, lastError: clip(result.error) };
  return { ...state, pending: state.pending.map((i) => (i === item ? next : i)) };
}

/** The user asks to send a failed report again (e.g. after fixing the endpoint): queued, due now. */
export function retryFailed(state: QueueState, reportId: string, now: number, options?: Partial<QueueOptions>): QueueState {
  const o = opts(options);
  const item = state.history.find((i) => i.reportId === reportId);
  if (!item || item.status !== 'failed' || !item.report) return state;
  if (state.pending.length >= o.maxPending) return state;
  const { finishedAt: _f, ...rest } = item;
  return {
    ...state,
    pending: [...state.pending, { ...rest, status: 'queued', nextAttemptAt: now, attempts: 0 }],
    history: state.history.filter((i) => i !== item),
  };
}

/** The user asks to send now (back online, server fixed): every queued report is due at once. */
export function makeDueNow(state: QueueState, now: number): QueueState {
  if (!state.pending.some((i) => i.status === 'queued' && i.nextAttemptAt > now)) return state;
  return { ...state, pending: state.pending.map((i) => (i.status === 'queued' && i.nextAttemptAt > now ? { ...i, nextAttemptAt: now } : i)) };
}

/** The user removes a report that is not being sent (queued or failed), or clears a history line. */
export function removeReport(state: QueueState, reportId: string): QueueState {
  return {
    ...state,
    pending: state.pending.filter((i) => i.reportId !== reportId || i.status === 'sending'),
    history: state.history.filter((i) => i.reportId !== reportId),
  };
}

export interface QueueCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
}

export function queueCounts(state: QueueState): QueueCounts {
  const c: QueueCounts = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const i of state.pending) c[i.status]++;
  for (const i of state.history) c[i.status]++;
  return c;
}

/**
 * How an HTTP answer from the intake server counts. 200 (duplicate) and 201 (stored) are
 * acknowledgements; 408, 429 and 5xx are worth retrying (with the server's Retry-After); any other
 * status means this report will never be accepted as it is.
 */
export function classifyHttpResponse(status: number, retryAfter?: string | null, now = 0): SendResult {
  if (status === 200 || status === 201) return { kind: 'ok' };
  const error = `HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return retryAfterMs === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs };
  }
  return { kind: 'permanent', error };
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  // An HTTP date (IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`); Date.parse alone reads "-5" as a year.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export interface SendDueOptions {
  now: () => number;
  random: () => number;
  sender: Sender;
  /** Stores the state; called before each request and after each outcome. */
  save: (state: QueueState) => Promise<void>;
  /** At most this many sends in one run (default 10). */
  maxSends?: number;
  options?: Partial<QueueOptions>;
}

/** Begins sending the report that is due first, if any (due + beginSend): store the returned state before sending. */
export function beginNextSend(
  state: QueueState,
  now: number,
  options?: Partial<QueueOptions>,
): { state: QueueState; reportId: string; attempt: number; report: Report } | null {
  const [item] = due(state, now);
  const begun = item ? beginSend(state, item.reportId, now, options) : null;
  return begun ? { ...begun, reportId: item!.reportId } : null;
}

/**
 * One send step: sends the due reports one at a time, storing the state around each request.
 * A sender that throws counts as a retryable failure. Returns the final state.
 */
export async function sendDue(initial: QueueState, o: SendDueOptions): Promise<QueueState> {
  let state = initial;
  const maxSends = o.maxSends ?? 10;
  for (let n = 0; n < maxSends; n++) {
    const begun = beginNextSend(state, o.now(), o.options);
    if (!begun) break;
    state = begun.state;
    await o.save(state);
    let result: SendResult;
    try {
      result = await o.sender(begun.report);
    } catch (err) {
      result = { kind: 'retry', error: err instanceof Error ? err.message : String(err) };
    }
    state = completeSend(state, begun.reportId, begun.attempt, result, o.now(), o.random(), o.options);
    await o.save(state);
  }
  return state;
}
