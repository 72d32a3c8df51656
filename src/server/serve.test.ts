/**
 * The intake server as a child process on port 0: compiled (dist/cli/reports-serve.mjs, built
 * before the suite with the CLI), and once as `npm run reports:serve` runs it (node --import tsx
 * on the source), which must behave the same.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReport } from '../../tests/support/sample-report';
import { ReportStore } from '../node/report-store';
import { http } from '../../tests/support/test-http';
import { SERVE_BIN } from '../../tests/support/cli-process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
/** Node's arguments that start the server: compiled, or from its source as the npm script does. */
const serverArgs = (form: 'bin' | 'source') => (form === 'source' ? ['--import', 'tsx', SERVE] : [SERVE_BIN]);

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-serve-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Child {
  url: Promise<string>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts the server; it is killed after `lifetimeMs` whatever happens. */
function serve(args: string[], lifetimeMs = 20_000, form: 'bin' | 'source' = 'bin'): Child {
  const child = spawn(process.execPath, [...serverArgs(form), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let onUrl: (u: string) => void = () => {};
  const url = new Promise<string>((resolve) => (onUrl = resolve));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    const m = /listening on (http:\/\/\S+)/.exec(stdout);
    if (m) onUrl(m[1]!);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { url, exit, kill: (s) => child.kill(s) };
}

describe('npm run reports:serve', () => {
  it('serves, stores, logs one line per request, and stops cleanly on SIGTERM (the npm script, then the compiled server on the same file)', async () => {
    const db = join(dir, 'serve.db');
    const c = serve(['--port', '0', '--db', db], 20_000, 'source');
    const url = await Promise.race([c.url, c.exit.then((e) => Promise.reject(new Error(`exited: ${e.stderr}`)))]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await http(url, { path: '/v1/health' })).json).toEqual({ status: 'ok', schemaVersion: 1 });
    const r = await http(url, { method: 'POST', path: '/v1/reports', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(sampleReport()) });
    expect(r.status).toBe(201);
    c.kill('SIGTERM');
    const e = await c.exit;
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/POST \/v1\/reports 201 /);
    expect(e.stdout).toContain('SIGTERM: stopping');
    // Started again on the same file: the report is still there.
    const again = serve(['--port', '0', '--db', db]);
    await again.url;
    again.kill('SIGINT');
    const e2 = await again.exit;
    expect(e2.code).toBe(0);
    expect(e2.stdout).toContain('1 reports)');
  });

  it.each([
    [['--port', '0'], 2, '--db FILE is required'],
    [['--port', 'eighty', '--db', 'x.db'], 2, '--port "eighty": expected a whole number from 0 to 65535'],
    [['--port', '70000', '--db', 'x.db'], 2, '--port "70000"'],
    [['--db', 'x.db', '--colour'], 2, "Unknown option '--colour'"],
    [['--db', 'x.db', '--trust-proxy', 'loopback,my-proxy'], 2, '--trust-proxy: trusted proxy "my-proxy": expected an IP address, a CIDR range'],
    [['--db', 'x.db', '--max-connections', '0'], 2, '--max-connections "0": expected a whole number from 1'],
    [['--port', '0', '--db', '/nonexistent-folder-rxradar/r.db'], 1, '/nonexistent-folder-rxradar/r.db: the folder does not exist'],
  ])('%j → exit %i, one clear line', async (args, code, message) => {
    const e = await serve(args).exit;
    expect(e.code).toBe(code);
    expect(e.stderr.split('\n')[0]).toContain(message);
  });

  it('a file that is not a database: exit 1 naming it', async () => {
    const notDb = join(dir, 'notes.txt');
    writeFileSync(notDb, 'hello, this is not SQLite'.repeat(100));
    const e = await serve(['--port', '0', '--db', notDb]).exit;
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(`${notDb}: not a SQLite database`);
  });
});

/** Limits out of the way: these tests are about not losing reports, not about refusing them. */
const UNLIMITED = [
  '--rate',
  '100000',
  '--burst',
  '100000',
  '--global-rate',
  '10000000',
  '--global-burst',
  '10000000',
  '--domain-rate',
  '10000000',
  '--domain-burst',
  '10000000',
  '--max-connections-per-client',
  '256',
];
const loadId = (run: number, k: number) => `33333333-4444-4555-8666-${String(run).padStart(4, '0')}${String(k).padStart(8, '0')}`;

async function postReportWithRetryAfter(url: string, id: string): Promise<{ status: number; retryAfter: number }> {
  const res = await fetch(`${url}/v1/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(sampleReport({ reportId: id })),
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
}
const postReport = async (url: string, id: string) => (await postReportWithRetryAfter(url, id)).status;

describe('under load', () => {
  it('5,000 POSTs from 32 clients at once: every one stored once, none lost, none duplicated', { timeout: 200_000 }, async () => {
    const db = join(dir, 'load.db');
    const c = serve(['--port', '0', '--db', db, ...UNLIMITED], 180_000);
    const url = await c.url;
    const TOTAL = 5000;
    const statuses = new Map<number | string, number>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < TOTAL) {
          const k = next++;
          // As the extension's outbox does: a 503 (busy) is sent again after its Retry-After.
          for (let attempt = 0; attempt < 5; attempt++) {
            const r = await postReportWithRetryAfter(url, loadId(1, k)).catch((err: unknown) => ({
              status: String((err as { cause?: { code?: string } }).cause?.code ?? err),
              retryAfter: 0,
            }));
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            if (r.status !== 503) break;
            await new Promise((resolve) => setTimeout(resolve, r.retryAfter * 1000));
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    console.log(`5,000 POSTs: ${seconds.toFixed(1)} s, ${Math.round(TOTAL / seconds)} reports/s, answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(statuses.get(201)).toBe(TOTAL);
    expect([...statuses.keys()].filter((s) => s !== 201 && s !== 503)).toEqual([]);
    // Sent again (a sender that missed the answers): all acknowledged as duplicates, nothing added.
    for (let k = 0; k < 50; k++) expect(await postReport(url, loadId(1, k * 100))).toBe(200);
    c.kill('SIGTERM');
    const e = await c.exit;
    expect(e.code).toBe(0);
    expect(e.stdout).not.toContain('store error');
    const store = ReportStore.open(db, { mustExist: true });
    const ids = store.list({ limit: 100_000 }).map((r) => r.id);
    store.close();
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: TOTAL }, (_, k) => loadId(1, k))));
  });

  it('kill -9 under load: every report acknowledged before the kill is in the database', { timeout: 120_000 }, async () => {
    const db = join(dir, 'killed.db');
    // The safety net's 20 s default was too short with the whole suite on two busy cores: it
    // killed the server after 342 acknowledged reports, before the test's own kill at 400.
    const c = serve(['--port', '0', '--db', db, ...UNLIMITED], 110_000);
    const url = await c.url;
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const exit = c.exit;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (!killed && next < 20_000) {
          const id = loadId(2, next++);
          try {
            const status = await postReport(url, id);
            if (status === 201 || status === 200) acknowledged.push(id);
          } catch {
            return; // the server is gone
          }
          if (acknowledged.length >= 400 && !killed) {
            killed = true;
            c.kill('SIGKILL');
          }
        }
      }),
    );
    const e = await exit;
    expect(killed, `the server stopped before the test killed it, after ${acknowledged.length} acknowledged reports`).toBe(true);
    expect(e.code).toBeNull(); // killed by the signal
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);
    const store = ReportStore.open(db, { mustExist: true });
    const missing = acknowledged.filter((id) => !store.has(id));
    const count = store.count();
    store.close();
    console.log(`kill -9: ${acknowledged.length} acknowledged, ${count} in the database after the kill`);
    expect(missing).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
