/**
 * The intake server, run for real on 127.0.0.1 (port 0) with a temporary SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReport, classifyHttpResponse, emptyQueue, queueCounts, type QueueState, sendDue, type Sender } from '../reports/report-queue';
import type { Report } from '../reports/report-schema';
import { sampleReport, TINY_PNG_DATA_URL } from '../../tests/support/sample-report';
import { DEFAULT_MAX_BODY_BYTES, type RunningIntake, startIntakeServer } from './intake-server';
import { RateLimiter } from './rate-limiter';
import { ReportStore } from '../node/report-store';
import { closedPort, http, raw } from '../../tests/support/test-http';

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const CHROME_EXTENSION = 'chrome-extension://dffcionfnnpjfmpmjjbncllinpbhajig';
const idOf = (n: number) => `11111111-2222-4333-8444-${String(n).padStart(12, '0')}`;
const report = (n: number, over: Partial<Report> = {}) => sampleReport({ reportId: idOf(n), ...over });
const post = (base: string, body: unknown, headers: Record<string, string> = JSON_HEADERS) =>
  http(base, { method: 'POST', path: '/v1/reports', headers, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });

let dir: string;
let dbFile: string;
let intake: RunningIntake;
const servers: RunningIntake[] = [];

/** Every test client is 127.0.0.1: only the rate-limit test uses a real limit. */
const NO_LIMIT = { capacity: 1_000_000, refillPerSec: 1_000_000 };

async function start(o: Partial<Parameters<typeof startIntakeServer>[0]> = {}): Promise<RunningIntake> {
  const s = await startIntakeServer({ db: dbFile, port: 0, host: '127.0.0.1', rate: NO_LIMIT, ...o });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-intake-'));
  dbFile = join(dir, 'reports.db');
  intake = await start();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /v1/reports', () => {
  it('stores a valid report: 201 {status: stored}, CORS for the extension', async () => {
    const r = await post(intake.url, report(1, { screenshot: TINY_PNG_DATA_URL }), { ...JSON_HEADERS, Origin: CHROME_EXTENSION });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ status: 'stored', reportId: idOf(1) });
    expect(r.headers['access-control-allow-origin']).toBe(CHROME_EXTENSION);
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(intake.store.get(idOf(1))).toMatchObject({ id: idOf(1), status: 'new', domain: 'meds-direct-example.com', category: 'rogue-pharmacy' });
    expect(intake.store.get(idOf(1))!.report).toEqual(report(1, { screenshot: TINY_PNG_DATA_URL }));
  });

  it('the same report again: 200 {status: duplicate}, still one row', async () => {
    const before = intake.store.count();
    const r = await post(intake.url, report(1, { note: 'sent twice' }));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'duplicate', reportId: idOf(1) });
    expect(intake.store.count()).toBe(before);
    expect(intake.store.get(idOf(1))!.report.note).toBe(report(1).note); // the first copy stays
    // Upper-case id: the same report.
    const upper = await post(intake.url, report(1, { reportId: idOf(1).toUpperCase() }));
    expect(upper.json).toEqual({ status: 'duplicate', reportId: idOf(1).toUpperCase() });
  });

  it('many copies of one new report at once: one 201, the rest 200, one row', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => post(intake.url, report(2))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(intake.store.list().filter((r) => r.id === idOf(2))).toHaveLength(1);
  });

  it.each<[string, string | Buffer, RegExp]>([
    ['an invalid report', JSON.stringify({ ...report(3), category: 'spam' }), /^invalid report: category: /],
    ['a report of another schema version', JSON.stringify({ ...report(3), schemaVersion: 2 }), /^invalid report: schemaVersion: /],
    ['JSON that is not an object', '[1, 2, 3]', /^invalid report: \(report\): /],
    ['bad JSON', '{"schemaVersion": 1,', /^body is not valid JSON$/],
    ['an empty body', '', /^body is not valid JSON$/],
    ['a body that is not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /^body is not valid UTF-8$/],
    ['deeply nested JSON', `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /^body is nested too deeply/],
  ])('%s: 400 with a JSON error', async (_name, body, error) => {
    const before = intake.store.count();
    const r = await post(intake.url, body);
    expect(r.status).toBe(400);
    expect((r.json as { error: string }).error).toMatch(error);
    expect(intake.store.count()).toBe(before);
  });

  it('lists every invalid field in details', async () => {
    const r = await post(intake.url, { ...report(3), note: 7, verdict: { level: 'red', score: 1, reasons: [] } });
    expect(r.status).toBe(400);
    expect((r.json as { details: Array<{ path: string }> }).details.map((d) => d.path).sort()).toEqual(['note', 'verdict.level']);
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=latin1', 415],
    ['application/json; charset=UTF-8', 201],
    ['Application/JSON', 201],
  ])('Content-Type %s → %i', async (contentType, status) => {
    const n = 100 + status + contentType.length;
    const r = await post(intake.url, report(n), { 'Content-Type': contentType });
    expect(r.status).toBe(status);
    if (status === 415) expect(r.json).toMatchObject({ error: expect.stringMatching(/Content-Type must be application\/json/) });
  });

  it('no Content-Type → 415', async () => {
    const r = await http(intake.url, { method: 'POST', path: '/v1/reports', body: JSON.stringify(report(4)) });
    expect(r.status).toBe(415);
  });

  it('a body over the limit (declared in Content-Length) → 413, nothing stored, and the server goes on', async () => {
    const before = intake.store.count();
    const big = Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 0x20);
    const r = await post(intake.url, big);
    expect(r.status).toBe(413);
    expect((r.json as { error: string }).error).toMatch(/^body too large/);
    expect(intake.store.count()).toBe(before);
    expect((await http(intake.url, { path: '/v1/health' })).status).toBe(200);
  });

  it('a body over the limit sent in chunks (no Content-Length) → 413', async () => {
    const chunk = Buffer.alloc(512 * 1024, 0x20);
    const r = await http(intake.url, { method: 'POST', path: '/v1/reports', headers: JSON_HEADERS, body: Array.from({ length: 7 }, () => chunk) });
    expect(r.status).toBe(413);
  });

  it('a huge declared body is answered 413 at once, without waiting for it, and the connection closed', async () => {
    const t0 = Date.now();
    const answer = await raw(
      intake.port,
      `POST /v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${500 * 1024 * 1024}\r\n\r\n{"schemaVersion":`,
      { timeoutMs: 3000 },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('a report with a 2 MB screenshot fits under the body limit', async () => {
    const jpeg = Buffer.alloc(2 * 1024 * 1024);
    jpeg.set([0xff, 0xd8, 0xff]);
    const r = await post(intake.url, report(5, { screenshot: `data:image/jpeg;base64,${jpeg.toString('base64')}` }));
    expect(r.status).toBe(201);
  });
});

describe('other paths and methods', () => {
  it.each([
    ['GET', '/v1/health', 200, undefined],
    ['HEAD', '/v1/health', 200, undefined],
    ['GET', '/v1/reports', 405, 'POST, OPTIONS'],
    ['PUT', '/v1/reports', 405, 'POST, OPTIONS'],
    ['DELETE', '/v1/health', 405, 'GET, HEAD'],
    ['GET', '/', 404, undefined],
    ['POST', '/v1/report', 404, undefined],
    ['GET', '/v1/reports/11111111-2222-4333-8444-000000000001', 404, undefined],
  ])('%s %s → %i', async (method, path, status, allow) => {
    const r = await http(intake.url, { method, path });
    expect(r.status).toBe(status);
    expect(r.headers.allow).toBe(allow);
    if (method !== 'HEAD') expect(r.json).toEqual(status === 200 ? { status: 'ok', schemaVersion: 1 } : { error: expect.any(String) });
  });

  it('answers the CORS preflight for POST', async () => {
    const r = await http(intake.url, {
      method: 'OPTIONS',
      path: '/v1/reports',
      headers: { Origin: CHROME_EXTENSION, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(CHROME_EXTENSION);
    expect(r.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(r.headers['access-control-allow-headers']).toBe('Content-Type');
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('bad clients do not hurt it', () => {
  it('malformed HTTP gets a 400 and the server goes on', async () => {
    const answer = await raw(intake.port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error":"malformed HTTP request');
    expect((await http(intake.url, { path: '/v1/health' })).status).toBe(200);
  });

  it('an aborted upload is dropped, nothing is stored, and the server goes on', async () => {
    const before = intake.store.count();
    const partial = JSON.stringify(report(6)).slice(0, 100);
    for (let k = 0; k < 5; k++) {
      await raw(intake.port, `POST /v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n${partial}`, {
        destroyAfterWrite: true,
      });
    }
    expect((await http(intake.url, { path: '/v1/health' })).status).toBe(200);
    expect((await post(intake.url, report(6))).status).toBe(201);
    expect(intake.store.count()).toBe(before + 1);
  });

  it('a body that does not arrive in time gets 408 and the connection is closed', async () => {
    const slow = await start({ bodyTimeoutMs: 300 });
    const t0 = Date.now();
    const answer = await raw(slow.port, `POST /v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"schema`, {
      timeoutMs: 5000,
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(Date.now() - t0).toBeLessThan(4000);
    expect((await post(slow.url, report(7))).status).toBe(201);
  });
});

describe('rate limit', () => {
  it('429 with Retry-After once a client has used its burst; it refills with time', async () => {
    let clock = Date.UTC(2026, 10, 22);
    const limited = await start({ rate: { capacity: 3, refillPerSec: 1 / 30 }, now: () => clock });
    const statuses: number[] = [];
    for (let k = 0; k < 3; k++) statuses.push((await post(limited.url, report(200 + k))).status);
    expect(statuses).toEqual([201, 201, 201]);
    const r = await post(limited.url, report(203), { ...JSON_HEADERS, Origin: CHROME_EXTENSION });
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('30');
    expect(r.headers['access-control-expose-headers']).toBe('Retry-After');
    expect((r.json as { error: string }).error).toMatch(/too many requests/);
    expect((await http(limited.url, { path: '/v1/health' })).status).toBe(200); // health is not limited
    clock += 30_000;
    expect((await post(limited.url, report(203))).status).toBe(201);
    expect((await post(limited.url, report(204))).status).toBe(429);
  });

  it('RateLimiter: buckets per key, bounded in number', () => {
    let t = 0;
    const rl = new RateLimiter({ capacity: 2, refillPerSec: 1, maxClients: 3, now: () => t });
    expect([rl.take('a').ok, rl.take('a').ok, rl.take('a').ok]).toEqual([true, true, false]);
    expect(rl.take('b').ok).toBe(true);
    for (let k = 0; k < 100; k++) rl.take(`client-${k}`);
    expect(rl.size).toBeLessThanOrEqual(3);
    t += 1000;
    expect(rl.take('a').ok).toBe(true);
    expect(() => new RateLimiter({ capacity: 0, refillPerSec: 1 })).toThrow(RangeError);
    // A token given back (a later check refused the request) can be taken again, up to the capacity.
    const back = new RateLimiter({ capacity: 1, refillPerSec: 1 / 3600, now: () => t });
    expect(back.take('x').ok).toBe(true);
    expect(back.take('x').ok).toBe(false);
    back.refund('x');
    back.refund('x');
    expect([back.take('x').ok, back.take('x').ok]).toEqual([true, false]);
  });
});

describe('persistence', () => {
  it('a restarted server on the same database keeps the reports and still dedupes', async () => {
    const file = join(dir, 'restart.db');
    const first = await start({ db: file });
    expect((await post(first.url, report(300))).status).toBe(201);
    expect((await post(first.url, report(301))).status).toBe(201);
    await first.close();
    const second = await start({ db: file });
    expect(second.store.count()).toBe(2);
    expect(second.store.get(idOf(300))!.report).toEqual(report(300));
    expect((await post(second.url, report(300))).json).toEqual({ status: 'duplicate', reportId: idOf(300) });
    expect(second.store.count()).toBe(2);
    await second.close();
    const store = ReportStore.open(file, { mustExist: true });
    expect(
      store
        .list()
        .map((r) => r.id)
        .sort(),
    ).toEqual([idOf(300), idOf(301)]);
    store.close();
  });

  it('a queued report is retried while the server is down and arrives exactly once when it is up', async () => {
    const downPort = await closedPort();
    let base = `http://127.0.0.1:${downPort}`;
    const calls: number[] = [];
    const sender: Sender = async (r) => {
      const res = await fetch(`${base}/v1/reports`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(r), signal: AbortSignal.timeout(5000) });
      calls.push(res.status);
      return classifyHttpResponse(res.status, res.headers.get('retry-after'));
    };
    let clock = Date.UTC(2026, 10, 22, 12);
    let state: QueueState = addReport(emptyQueue(), report(400), clock).state;
    const saved: QueueState[] = [];
    const run = () => sendDue(state, { now: () => clock, random: () => 0.5, sender, save: async (s) => void saved.push(s) });
    state = await run();
    expect(queueCounts(state)).toMatchObject({ queued: 1, sent: 0 });
    expect(state.pending[0]!.lastError).toMatch(/fetch failed/);
    base = intake.url; // the server is up
    state = await run(); // not due yet: backoff
    expect(calls).toEqual([]);
    clock += 60_000;
    state = await run();
    expect(calls).toEqual([201]);
    expect(queueCounts(state)).toMatchObject({ queued: 0, sent: 1 });
    // The browser died after the server stored it but before the queue saved "sent": the
    // saved "sending" state is sent again and the server answers duplicate.
    const sending = saved.at(-2)!;
    expect(sending.pending[0]!.status).toBe('sending');
    clock += 10 * 60_000;
    const resent = await sendDue(sending, { now: () => clock, random: () => 0.5, sender, save: async () => {} });
    expect(calls).toEqual([201, 200]);
    expect(queueCounts(resent)).toMatchObject({ queued: 0, sent: 1 });
    expect(intake.store.list().filter((r) => r.id === idOf(400))).toHaveLength(1);
  });
});
