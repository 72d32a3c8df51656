/**
 * The extension's outgoing reports: the persistent queue of src/reports/report-queue.ts, stored in
 * extension storage and sent to the report endpoint with backoff. Storage, the network, the clock
 * and the wake-up alarm are passed in, so tests drive it with fakes and a real intake server.
 *
 * Every change of the stored queue goes through one lock, and the lock is never held across a
 * request: a send is begun (stored as `sending`), the request runs, then the outcome is stored
 * against the queue as it is by then. A report is sent at least once from here and stored once by
 * the intake server (it dedupes by reportId), so it arrives exactly once.
 */
import {
  addReport,
  beginNextSend,
  classifyHttpResponse,
  completeSend,
  DEFAULT_QUEUE_OPTIONS,
  makeDueNow,
  nextWakeAt,
  parseQueueState,
  type QueueOptions,
  type QueueState,
  queueCounts,
  recoverInterrupted,
  removeReport,
  retryFailed,
  type SendResult,
} from '../../reports/report-queue';
import { parseReport, type Report } from '../../reports/report-schema';
import type { ReportQueueItemView, ReportQueueView, SubmitReportReply } from '../messages';

export const SEND_TIMEOUT_MS = 30_000;

/** The part of fetch used here (the real one fits). */
export type PostLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal; credentials: 'omit'; cache: 'no-store'; redirect: 'error' },
) => Promise<{ status: number; headers: { get(name: string): string | null } }>;

export interface OutboxDeps {
  /** The stored queue (raw; validated here). */
  load: () => Promise<unknown>;
  save: (state: QueueState) => Promise<void>;
  /** Where reports go now (policy or the user's setting), or null. */
  endpoint: () => Promise<{ url: string | null; managed: boolean }>;
  post: PostLike;
  /** Asks to be woken (`sendDue`) at this time; null: nothing pending. */
  schedule: (at: number | null) => void;
  now?: () => number;
  random?: () => number;
  options?: Partial<QueueOptions>;
  timeoutMs?: number;
}

export interface ReportOutbox {
  /** Queues a report (validated again here) and tries to send it at once. */
  submit(report: unknown): Promise<SubmitReportReply>;
  /** Sends what is due; called on start, by the alarm and when the browser comes online. Overlapping calls share one run. */
  sendDue(): Promise<void>;
  /** On start: a report left `sending` by a closed browser is due again. */
  recover(): Promise<void>;
  action(action: 'send-now' | 'retry' | 'remove', reportId?: string): Promise<ReportQueueView>;
  view(): Promise<ReportQueueView>;
}

export function createReportOutbox(deps: OutboxDeps): ReportOutbox {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const options: QueueOptions = { ...DEFAULT_QUEUE_OPTIONS, maxPending: 50, ...deps.options };
  let lock: Promise<unknown> = Promise.resolve();
  let loadError: string | undefined;

  /** Runs `fn` on the stored queue under the lock; stores and reschedules what it returns. */
  function withQueue<T>(fn: (state: QueueState) => { state: QueueState; result: T } | Promise<{ state: QueueState; result: T }>): Promise<T> {
    const run = lock.then(async () => {
      const parsed = parseQueueState(await deps.load());
      if (!parsed.ok) {
        // Never overwrite a queue we cannot read: the reports in it are not ours to drop.
        loadError = parsed.error;
        throw new Error(parsed.error);
      }
      loadError = undefined;
      const { state, result } = await fn(parsed.state);
      if (state !== parsed.state) await deps.save(state);
      deps.schedule(nextWakeAt(state));
      return result;
    });
    lock = run.catch(() => undefined);
    return run;
  }

  async function post(report: Report): Promise<SendResult> {
    const { url } = await deps.endpoint();
    if (!url) return { kind: 'retry', error: 'no report address is set' };
    const controller = new AbortController();
    const timeoutMs = deps.timeoutMs ?? SEND_TIMEOUT_MS;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await deps.post(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(report),
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
        // A redirect would send the report somewhere the user was not shown.
        redirect: 'error',
      });
      return classifyHttpResponse(res.status, res.headers.get('retry-after'), now());
    } catch (err) {
      return {
        kind: 'retry',
        error: controller.signal.aborted
          ? `no answer within ${Math.round(timeoutMs / 1000)} s`
          : `network error: ${err instanceof Error ? err.message : String(err)}`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  let sending: Promise<void> | null = null;
  async function sendLoop(): Promise<void> {
    if (!(await deps.endpoint()).url) return;
    for (let n = 0; n < 20; n++) {
      const begun = await withQueue((state) => {
        const b = beginNextSend(state, now(), options);
        return { state: b?.state ?? state, result: b };
      });
      if (!begun) return;
      const result = await post(begun.report);
      await withQueue((state) => ({ state: completeSend(state, begun.reportId, begun.attempt, result, now(), random(), options), result: undefined }));
    }
  }

  function sendDue(): Promise<void> {
    sending ??= sendLoop()
      .catch((err: unknown) => console.error('RxRadar: sending reports failed', err))
      .finally(() => (sending = null));
    return sending;
  }

  function toView(state: QueueState | null, endpoint: { url: string | null; managed: boolean }): ReportQueueView {
    const item = (i: QueueState['pending'][number]): ReportQueueItemView => ({
      reportId: i.reportId,
      status: i.status,
      url: i.summary.url,
      domain: i.summary.domain,
      category: i.summary.category,
      time: i.summary.time,
      attempts: i.attempts,
      ...(i.status === 'queued' ? { nextAttemptAt: i.nextAttemptAt } : {}),
      ...(i.lastError ? { lastError: i.lastError } : {}),
      ...(i.finishedAt !== undefined ? { finishedAt: i.finishedAt } : {}),
    });
    const s = state ?? { version: 1 as const, pending: [], history: [], sentIds: [] };
    return {
      endpoint: endpoint.url,
      endpointManaged: endpoint.managed,
      items: [...s.pending.map(item), ...s.history.map(item)],
      counts: queueCounts(s),
      ...(loadError ? { error: loadError } : {}),
    };
  }

  async function view(): Promise<ReportQueueView> {
    const endpoint = await deps.endpoint();
    const parsed = parseQueueState(await deps.load());
    loadError = parsed.ok ? undefined : parsed.error;
    return toView(parsed.ok ? parsed.state : null, endpoint);
  }

  return {
    async submit(raw: unknown): Promise<SubmitReportReply> {
      const parsed = parseReport(raw);
      if (!parsed.ok) return { ok: false, error: 'invalid', message: parsed.error };
      if (!(await deps.endpoint()).url) return { ok: false, error: 'no-endpoint', message: 'no report address is set' };
      let added;
      try {
        added = await withQueue((state) => {
          const r = addReport(state, parsed.report, now(), options);
          return { state: r.state, result: r };
        });
      } catch (err) {
        return { ok: false, error: 'storage', message: err instanceof Error ? err.message : String(err) };
      }
      if (!added.added) {
        const message =
          added.reason === 'full'
            ? `${options.maxPending} reports are already waiting to be sent`
            : added.reason === 'duplicate'
              ? 'this report is already queued'
              : 'this report was already sent';
        return { ok: false, error: added.reason, message };
      }
      // Try at once, but answer within a few seconds: a slow server leaves the report queued, not the page waiting.
      await Promise.race([sendDue(), new Promise((r) => setTimeout(r, 5000))]);
      const status = (await view()).items.find((i) => i.reportId === parsed.report.reportId)?.status ?? 'queued';
      return { ok: true, reportId: parsed.report.reportId, status };
    },
    sendDue,
    async recover(): Promise<void> {
      await withQueue((state) => ({ state: recoverInterrupted(state, now()), result: undefined })).catch((err: unknown) =>
        console.error('RxRadar: report queue', err),
      );
    },
    async action(action, reportId): Promise<ReportQueueView> {
      await withQueue((state) => {
        if (action === 'send-now') return { state: makeDueNow(state, now()), result: undefined };
        if (!reportId) return { state, result: undefined };
        if (action === 'retry') return { state: retryFailed(state, reportId, now(), options), result: undefined };
        return { state: removeReport(state, reportId), result: undefined };
      }).catch(() => undefined);
      if (action !== 'remove') await sendDue();
      return view();
    },
    view,
  };
}
