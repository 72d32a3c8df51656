import { describe, expect, it } from 'vitest';
import {
  addReport,
  backoffBounds,
  backoffDelay,
  beginSend,
  classifyHttpResponse,
  completeSend,
  DEFAULT_QUEUE_OPTIONS,
  due,
  emptyQueue,
  nextWakeAt,
  parseQueueState,
  parseRetryAfter,
  queueCounts,
  type QueueState,
  recoverInterrupted,
  removeReport,
  retryFailed,
  sendDue,
  type SendResult,
} from './report-queue';
import type { Report } from './report-schema';
import { sampleReport } from '../../tests/support/sample-report';

const SEC = 1000;
const MIN = 60 * SEC;
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const report = (n: number): Report => sampleReport({ reportId: idOf(n) });

function queueOf(...ns: number[]): QueueState {
  let s = emptyQueue();
  for (const n of ns) {
    const r = addReport(s, report(n), T0);
    expect(r.added).toBe(true);
    s = r.state;
  }
  return s;
}

/** What storage holds: a JSON round trip, as chrome.storage does. */
const stored = (s: QueueState): QueueState => {
  const r = parseQueueState(JSON.parse(JSON.stringify(s)));
  if (!r.ok) throw new Error(r.error);
  return r.state;
};

/** An intake server's dedupe, as src/server does it: each reportId stored once, a repeat is 200. */
function fakeServer() {
  const stored = new Map<string, Report>();
  let calls = 0;
  return {
    stored,
    get calls() {
      return calls;
    },
    receive(r: Report): SendResult {
      calls++;
      if (!stored.has(r.reportId)) stored.set(r.reportId, r);
      return { kind: 'ok' };
    },
  };
}

describe('backoff', () => {
  it.each([
    [1, 15 * SEC, 30 * SEC],
    [2, 30 * SEC, 60 * SEC],
    [3, 60 * SEC, 2 * MIN],
    [4, 2 * MIN, 4 * MIN],
    [5, 4 * MIN, 8 * MIN],
    [6, 8 * MIN, 16 * MIN],
    [7, 16 * MIN, 32 * MIN],
    [8, 30 * MIN, 60 * MIN], // capped at 1 h
    [9, 30 * MIN, 60 * MIN],
    [1000, 30 * MIN, 60 * MIN],
  ])('after %i failures waits between %i and %i ms', (failures, lo, hi) => {
    expect(backoffBounds(failures)).toEqual([lo, hi]);
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const d = backoffDelay(failures, r);
      expect(d).toBeGreaterThanOrEqual(lo);
      expect(d).toBeLessThanOrEqual(hi);
    }
  });

  it('spreads with the random value and clamps odd inputs', () => {
    expect(backoffDelay(1, 0.5)).toBe(22_500);
    expect(backoffDelay(0, 0)).toBe(15 * SEC);
    expect(backoffDelay(1, -1)).toBe(15 * SEC);
    expect(backoffDelay(1, 7)).toBe(30 * SEC);
    expect(backoffBounds(3, { baseDelayMs: 1000, maxDelayMs: 3000 })).toEqual([1500, 3000]);
  });
});

describe('classifyHttpResponse', () => {
  it.each<[number, string | null, SendResult]>([
    [201, null, { kind: 'ok' }],
    [200, null, { kind: 'ok' }], // duplicate: the server has it
    [400, null, { kind: 'permanent', error: 'HTTP 400' }],
    [404, null, { kind: 'permanent', error: 'HTTP 404' }],
    [413, null, { kind: 'permanent', error: 'HTTP 413' }],
    [415, null, { kind: 'permanent', error: 'HTTP 415' }],
    [408, null, { kind: 'retry', error: 'HTTP 408' }],
    [429, '120', { kind: 'retry', error: 'HTTP 429', retryAfterMs: 120_000 }],
    [500, null, { kind: 'retry', error: 'HTTP 500' }],
    [503, new Date(T0 + 90 * SEC).toUTCString(), { kind: 'retry', error: 'HTTP 503', retryAfterMs: 90_000 }],
    [503, 'soon', { kind: 'retry', error: 'HTTP 503' }],
  ])('HTTP %i (Retry-After %s) → %j', (status, retryAfter, expected) => {
    expect(classifyHttpResponse(status, retryAfter, T0)).toEqual(expected);
  });

  it('parseRetryAfter reads seconds and dates, never a negative wait', () => {
    expect(parseRetryAfter('0', T0)).toBe(0);
    expect(parseRetryAfter(new Date(T0 - MIN).toUTCString(), T0)).toBe(0);
    expect(parseRetryAfter('', T0)).toBeUndefined();
    expect(parseRetryAfter('-5', T0)).toBeUndefined();
  });
});

describe('addReport', () => {
  it.each<[string, () => QueueState, number, string | true]>([
    ['a new report', () => emptyQueue(), 1, true],
    ['a report already queued', () => queueOf(1), 1, 'duplicate'],
    ['a report being sent', () => beginSend(queueOf(1), idOf(1), T0)!.state, 1, 'duplicate'],
    ['a report already sent', () => completeSend(beginSend(queueOf(1), idOf(1), T0)!.state, idOf(1), 1, { kind: 'ok' }, T0, 0), 1, 'already-sent'],
    [
      'a sent report no longer in the history',
      () => ({ ...completeSend(beginSend(queueOf(1), idOf(1), T0)!.state, idOf(1), 1, { kind: 'ok' }, T0, 0), history: [] }),
      1,
      'already-sent',
    ],
    ['a report when the queue is full', () => queueOf(...Array.from({ length: DEFAULT_QUEUE_OPTIONS.maxPending }, (_, i) => i + 10)), 1, 'full'],
  ])('%s', (_name, make, n, expected) => {
    const before = make();
    const r = addReport(before, report(n), T0 + SEC);
    if (expected === true) {
      expect(r.added).toBe(true);
      expect(r.state.pending.at(-1)).toMatchObject({ reportId: idOf(n), status: 'queued', attempts: 0, nextAttemptAt: T0 + SEC, report: report(n) });
    } else {
      expect(r).toEqual({ added: false, state: before, reason: expected });
    }
  });
});

describe('sending', () => {
  it.each<[string, SendResult[], { status: string; attempts: number; lastError?: string }]>([
    ['ok at once', [{ kind: 'ok' }], { status: 'sent', attempts: 1 }],
    ['two retries then ok', [{ kind: 'retry', error: 'offline' }, { kind: 'retry', error: 'HTTP 503' }, { kind: 'ok' }], { status: 'sent', attempts: 3 }],
    ['permanent failure', [{ kind: 'permanent', error: 'HTTP 400' }], { status: 'failed', attempts: 1, lastError: 'HTTP 400' }],
    [
      'retry then permanent',
      [
        { kind: 'retry', error: 'offline' },
        { kind: 'permanent', error: 'HTTP 413' },
      ],
      { status: 'failed', attempts: 2, lastError: 'HTTP 413' },
    ],
    [
      'still failing',
      [
        { kind: 'retry', error: 'offline' },
        { kind: 'retry', error: 'offline' },
      ],
      { status: 'queued', attempts: 2, lastError: 'offline' },
    ],
  ])('%s', (_name, outcomes, expected) => {
    let s = queueOf(1);
    let now = T0;
    for (const [k, outcome] of outcomes.entries()) {
      expect(due(s, now).map((i) => i.reportId)).toEqual([idOf(1)]);
      const begun = beginSend(s, idOf(1), now)!;
      expect(begun.attempt).toBe(k + 1);
      s = stored(begun.state);
      expect(s.pending[0]!.status).toBe('sending');
      expect(due(s, now)).toEqual([]);
      s = stored(completeSend(s, idOf(1), begun.attempt, outcome, now, 0.5));
      if (outcome.kind === 'retry') {
        const wait = s.pending[0]!.nextAttemptAt - now;
        const [lo, hi] = backoffBounds(k + 1);
        expect(wait).toBeGreaterThanOrEqual(lo);
        expect(wait).toBeLessThanOrEqual(hi);
        expect(due(s, now + lo - 1)).toEqual([]);
        now += wait;
      }
    }
    const item = [...s.pending, ...s.history].find((i) => i.reportId === idOf(1))!;
    expect(item).toMatchObject(expected);
    if (expected.status === 'sent') {
      expect(item.report).toBeUndefined(); // the body is dropped once sent
      expect(s.sentIds).toEqual([idOf(1)]);
      expect(s.pending).toEqual([]);
    }
    if (expected.status === 'failed') expect(item.report).toEqual(report(1)); // kept: the user can retry or save it
  });

  it("honours the server's Retry-After when longer than the backoff, up to the cap", () => {
    for (const [retryAfterMs, wait] of [
      [5 * SEC, 22_500],
      [10 * MIN, 10 * MIN],
      [5 * 60 * MIN, 60 * MIN],
    ] as const) {
      const begun = beginSend(queueOf(1), idOf(1), T0)!;
      const s = completeSend(begun.state, idOf(1), 1, { kind: 'retry', error: 'HTTP 429', retryAfterMs }, T0, 0.5);
      expect(s.pending[0]!.nextAttemptAt - T0).toBe(wait);
    }
  });

  it('a report left "sending" when the browser died is sent again, and the server keeps it once', async () => {
    const server = fakeServer();
    let disk: unknown = JSON.parse(JSON.stringify(queueOf(1)));
    // First run: the request reaches the server, the browser dies before the answer is stored.
    {
      const s = stored(disk as QueueState);
      const begun = beginSend(s, idOf(1), T0)!;
      disk = JSON.parse(JSON.stringify(begun.state)); // stored before sending
      server.receive(begun.report);
      // (crash: completeSend never runs)
    }
    // Restart.
    const restarted = recoverInterrupted(stored(disk as QueueState), T0 + 5 * MIN);
    expect(restarted.pending[0]).toMatchObject({ status: 'queued', nextAttemptAt: T0 + 5 * MIN, attempts: 1 });
    const saves: QueueState[] = [];
    const final = await sendDue(restarted, {
      now: () => T0 + 5 * MIN,
      random: () => 0.5,
      sender: async (r) => server.receive(r),
      save: async (s) => void saves.push(stored(s)),
    });
    expect(server.calls).toBe(2);
    expect(server.stored.size).toBe(1);
    expect(queueCounts(final)).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0 });
    expect(saves.map((s) => s.pending[0]?.status ?? s.history[0]?.status)).toEqual(['sending', 'sent']);
    // Acknowledged: never sent again, even if added again.
    expect(addReport(final, report(1), T0 + 6 * MIN).added).toBe(false);
    expect(due(final, T0 + 10 * 60 * MIN)).toEqual([]);
    await sendDue(final, { now: () => T0 + 10 * 60 * MIN, random: () => 0, sender: async (r) => server.receive(r), save: async () => {} });
    expect(server.calls).toBe(2);
  });

  it('without a restart, a "sending" report whose lease ran out is due again', () => {
    const begun = beginSend(queueOf(1), idOf(1), T0)!;
    expect(due(begun.state, T0 + DEFAULT_QUEUE_OPTIONS.leaseMs - 1)).toEqual([]);
    expect(due(begun.state, T0 + DEFAULT_QUEUE_OPTIONS.leaseMs).map((i) => i.reportId)).toEqual([idOf(1)]);
    expect(nextWakeAt(begun.state)).toBe(T0 + DEFAULT_QUEUE_OPTIONS.leaseMs);
  });

  it.each<[string, SendResult, SendResult, string]>([
    ['late ok of attempt 1, then attempt 2 fails', { kind: 'ok' }, { kind: 'retry', error: 'x' }, 'sent'],
    ['late failure of attempt 1 is ignored, attempt 2 ok', { kind: 'retry', error: 'x' }, { kind: 'ok' }, 'sent'],
    ['late permanent failure of attempt 1 is ignored, attempt 2 retry', { kind: 'permanent', error: 'x' }, { kind: 'retry', error: 'y' }, 'queued'],
  ])('superseded attempts: %s', (_name, first, second, status) => {
    const a1 = beginSend(queueOf(1), idOf(1), T0)!;
    const a2 = beginSend(a1.state, idOf(1), T0 + DEFAULT_QUEUE_OPTIONS.leaseMs)!;
    expect(a2.attempt).toBe(2);
    let s = completeSend(a2.state, idOf(1), 1, first, T0 + 3 * MIN, 0);
    s = completeSend(s, idOf(1), 2, second, T0 + 3 * MIN, 0);
    expect([...s.pending, ...s.history][0]!.status).toBe(status);
    expect(s.history.length + s.pending.length).toBe(1);
  });

  it('beginSend refuses what is not due, unknown ids and finished reports', () => {
    const s = queueOf(1);
    const retried = completeSend(beginSend(s, idOf(1), T0)!.state, idOf(1), 1, { kind: 'retry', error: 'x' }, T0, 0);
    expect(beginSend(retried, idOf(1), T0 + SEC)).toBeNull();
    expect(beginSend(s, idOf(2), T0)).toBeNull();
    const sent = completeSend(beginSend(s, idOf(1), T0)!.state, idOf(1), 1, { kind: 'ok' }, T0, 0);
    expect(beginSend(sent, idOf(1), T0 + 99 * MIN)).toBeNull();
    expect(completeSend(sent, idOf(1), 1, { kind: 'ok' }, T0, 0)).toBe(sent);
  });

  it('sends due reports oldest first, at most maxSends per run, and counts a throwing sender as retryable', async () => {
    let s = queueOf(1, 2, 3);
    const sentOrder: string[] = [];
    s = await sendDue(s, {
      now: () => T0,
      random: () => 0,
      sender: async (r) => {
        sentOrder.push(r.reportId);
        if (r.reportId === idOf(2)) throw new Error('network down');
        return { kind: 'ok' };
      },
      save: async () => {},
      maxSends: 2,
    });
    expect(sentOrder).toEqual([idOf(1), idOf(2)]);
    expect(queueCounts(s)).toEqual({ queued: 2, sending: 0, sent: 1, failed: 0 });
    expect(s.pending.find((i) => i.reportId === idOf(2))).toMatchObject({ lastError: 'network down', nextAttemptAt: T0 + 15 * SEC });
    expect(nextWakeAt(s)).toBe(T0); // report 3 is still due
  });
});

describe('history and user actions', () => {
  it.each([
    [3, 1000, 5, 3, 5],
    [3, 2, 5, 3, 2],
    [100, 1000, 4, 4, 4],
  ])('maxHistory %i, maxSentIds %i: after %i sent reports the history holds %i and sentIds %i', (maxHistory, maxSentIds, n, historyLen, idsLen) => {
    const options = { maxHistory, maxSentIds };
    let s = emptyQueue();
    for (let k = 1; k <= n; k++) {
      s = addReport(s, report(k), T0, options).state;
      const b = beginSend(s, idOf(k), T0 + k, options)!;
      s = completeSend(b.state, idOf(k), b.attempt, { kind: 'ok' }, T0 + k, 0, options);
    }
    expect(s.history).toHaveLength(historyLen);
    expect(s.sentIds).toHaveLength(idsLen);
    expect(s.history[0]!.reportId).toBe(idOf(n)); // newest first
    expect(s.sentIds[0]).toBe(idOf(n));
  });

  it('a failed report can be retried by the user, and removed; a report being sent cannot be removed', () => {
    const b = beginSend(queueOf(1, 2), idOf(1), T0)!;
    let s = completeSend(b.state, idOf(1), 1, { kind: 'permanent', error: 'HTTP 404' }, T0, 0);
    expect(queueCounts(s)).toEqual({ queued: 1, sending: 0, sent: 0, failed: 1 });
    s = retryFailed(s, idOf(1), T0 + MIN);
    expect(s.pending.find((i) => i.reportId === idOf(1))).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: T0 + MIN });
    expect(retryFailed(s, idOf(2), T0)).toBe(s); // not failed: unchanged
    const sending = beginSend(s, idOf(2), T0 + MIN)!.state;
    const removed = removeReport(removeReport(sending, idOf(1)), idOf(2));
    expect(removed.pending.map((i) => [i.reportId, i.status])).toEqual([[idOf(2), 'sending']]);
  });

  it('parseQueueState: nothing stored is an empty queue; an unreadable state is an error, not an empty queue', () => {
    expect(parseQueueState(undefined)).toEqual({ ok: true, state: emptyQueue() });
    const bad = parseQueueState({ version: 1, pending: [{ reportId: 'x' }], history: [], sentIds: [] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^stored report queue is not readable: pending\.0\./);
    expect(parseQueueState({ version: 2 }).ok).toBe(false);
  });
});
