/**
 * `npm run reports:serve` as a maintainer runs it: a child process (node --import tsx), port 0.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReport } from '../reports/sample-report';
import { http } from './test-http';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

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

function serve(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { url, exit, kill: (s) => child.kill(s) };
}

describe('npm run reports:serve', () => {
  it('serves, stores, logs one line per request, and stops cleanly on SIGTERM', async () => {
    const db = join(dir, 'serve.db');
    const c = serve(['--port', '0', '--db', db]);
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
