/**
 * The outbox against a real intake server (src/server) on 127.0.0.1: a report made while the
 * server is down waits in the stored queue and arrives exactly once when it comes back, also when
 * the browser died in the middle of a send.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type QueueState } from '../../reports/report-queue';
import { sampleReport } from '../../../tests/support/sample-report';
import { type RunningIntake, startIntakeServer } from '../../server/intake-server';
import { closedPort } from '../../../tests/support/test-http';
import { createReportOutbox, type OutboxDeps } from './report-outbox';

const NO_LIMIT = { capacity: 1_000_000, refillPerSec: 1_000_000 };
const idOf = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;

let dir: string;
let intake: RunningIntake | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-outbox-'));
});
afterEach(async () => {
  await intake?.close();
  intake = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Extension storage in memory; `stored` is what survives a restart. */
function harness(endpoint: string | null, port?: number) {
  const box = { stored: undefined as unknown, wakes: [] as Array<number | null>, t: Date.parse('2026-11-22T12:00:00Z') };
  const deps: OutboxDeps = {
    load: async () => structuredClone(box.stored),
    save: async (s: QueueState) => void (box.stored = structuredClone(s)),
    endpoint: async () => ({ url: endpoint ?? (port ? `http://127.0.0.1:${port}/v1/reports` : null), managed: false }),
    post: (url, init) => fetch(url, init),
    schedule: (at) => void box.wakes.push(at),
    now: () => box.t,
    random: () => 0.5,
    timeoutMs: 2000,
  };
  return { box, deps, outbox: createReportOutbox(deps) };
}

describe('report outbox', () => {
  it('refuses an invalid report and a report with nowhere to go', async () => {
    const { outbox } = harness('https://reports.example.org/v1/reports');
    expect(await outbox.submit({ ...sampleReport(), url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: 'invalid' });
    const none = harness(null);
    expect(await none.outbox.submit(sampleReport())).toMatchObject({ ok: false, error: 'no-endpoint' });
  });

  it('server down: queued with the error and a wake-up; back up: arrives exactly once, and never again', async () => {
    const port = await closedPort();
    const { box, outbox, deps } = harness(null, port);
    const reply = await outbox.submit(sampleReport({ reportId: idOf(1) }));
    expect(reply).toEqual({ ok: true, reportId: idOf(1), status: 'queued' });
    let view = await outbox.view();
    expect(view.items[0]).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringMatching(/network error/) });
    // Backoff: 30 s base with jitter 0.5 → 22.5 s.
    expect(view.items[0]!.nextAttemptAt).toBe(box.t + 22_500);
    expect(box.wakes.at(-1)).toBe(box.t + 22_500);

    // Not due yet: nothing is sent.
    intake = await startIntakeServer({ db: join(dir, 'r.db'), port, host: '127.0.0.1', rate: NO_LIMIT });
    await outbox.sendDue();
    expect(intake.store.count()).toBe(0);

    // A browser restart: a new outbox over the same storage, later.
    box.t += 60_000;
    const restarted = createReportOutbox(deps);
    await restarted.recover();
    await restarted.sendDue();
    expect(intake.store.count()).toBe(1);
    expect(intake.store.get(idOf(1))).toBeDefined();
    view = await restarted.view();
    expect(view.items[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(view.counts).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0 });

    await restarted.action('send-now');
    await restarted.sendDue();
    expect(await restarted.submit(sampleReport({ reportId: idOf(1) }))).toMatchObject({ ok: false, error: 'already-sent' });
    expect(intake.store.count()).toBe(1);
  });

  it('a send interrupted by a closed browser is sent again on start and still stored once', async () => {
    intake = await startIntakeServer({ db: join(dir, 'r.db'), port: 0, host: '127.0.0.1', rate: NO_LIMIT });
    const { box, deps } = harness(null, intake.port);
    // The first browser posts, the server stores it, and the browser dies before storing "sent".
    let dieAfterPost = true;
    const dying = createReportOutbox({
      ...deps,
      save: async (s) => {
        if (dieAfterPost && s.pending.every((i) => i.status !== 'sending') && s.history.length > 0) throw new Error('browser closed');
        box.stored = structuredClone(s);
      },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await dying.submit(sampleReport({ reportId: idOf(2) }));
    expect(logged).toHaveBeenCalledWith('RxRadar: sending reports failed', expect.objectContaining({ message: 'browser closed' }));
    logged.mockRestore();
    expect(intake.store.count()).toBe(1);
    expect((box.stored as QueueState).pending[0]!.status).toBe('sending');

    dieAfterPost = false;
    const next = createReportOutbox(deps);
    await next.recover();
    await next.sendDue();
    expect((await next.view()).items[0]).toMatchObject({ status: 'sent' });
    expect(intake.store.count()).toBe(1);
  });

  it('a refused report fails for good; the user can retry it or remove it; send-now makes queued reports due', async () => {
    intake = await startIntakeServer({ db: join(dir, 'r.db'), port: 0, host: '127.0.0.1', rate: NO_LIMIT });
    const { outbox } = harness(`${intake.url}/wrong-path`);
    await outbox.submit(sampleReport({ reportId: idOf(3) }));
    let view = await outbox.view();
    expect(view.items[0]).toMatchObject({ status: 'failed', lastError: 'HTTP 404' });
    view = await outbox.action('retry', idOf(3));
    expect(view.items[0]).toMatchObject({ status: 'failed', attempts: 1 });
    view = await outbox.action('remove', idOf(3));
    expect(view.items).toEqual([]);

    const port = await closedPort();
    const down = harness(null, port);
    await down.outbox.submit(sampleReport({ reportId: idOf(4) }));
    const before = (await down.outbox.view()).items[0]!.nextAttemptAt!;
    expect(before).toBeGreaterThan(down.box.t);
    await down.outbox.action('send-now');
    const after = (await down.outbox.view()).items[0]!;
    expect(after.attempts).toBe(2);
  });

  it('never overwrites a stored queue it cannot read', async () => {
    const { box, outbox } = harness('https://reports.example.org/v1/reports');
    box.stored = { version: 99 };
    expect(await outbox.submit(sampleReport())).toMatchObject({ ok: false, error: 'storage' });
    expect(box.stored).toEqual({ version: 99 });
    expect((await outbox.view()).error).toMatch(/not readable/);
  });
});
