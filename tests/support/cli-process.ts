/**
 * The `rxradar` command as the tests run it: the compiled bin (dist/cli/rxradar.mjs, what
 * `npx rxradar` and an installed package run), built once before the suite by
 * tests/support/global-setup.ts when the sources are newer. One test keeps the source form
 * (`node --import tsx src/cli/rxradar-cli.ts`, what `npm run -s cli` runs): `cliArgs('source')`.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newestMtime } from './newest-mtime';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_BIN = join(ROOT, 'dist/cli/rxradar.mjs');
export const CLI_SOURCE = join(ROOT, 'src/cli/rxradar-cli.ts');
/** The intake server compiled by the same build (`npm run reports:serve` runs its source through tsx). */
export const SERVE_BIN = join(ROOT, 'dist/cli/reports-serve.mjs');

export type CliForm = 'bin' | 'source';

/** Node's arguments that start the command in `form`, before the command's own. */
export function cliArgs(form: CliForm = 'bin'): string[] {
  if (form === 'source') return ['--import', 'tsx', CLI_SOURCE];
  if (!existsSync(CLI_BIN)) throw new Error(`No compiled CLI at ${CLI_BIN}: run \`npm run build:cli\` (or the suite's global setup) first`);
  return [CLI_BIN];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command in a child process with `stdin` (empty when not given); never rejects on a non-zero exit. */
export function runCli(args: string[], opts: { stdin?: Buffer | string; form?: CliForm } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgs(opts.form), ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

const execFileAsync = promisify(execFile);

/** Runs the command like `execFile`: rejects (with `code`, `stdout`, `stderr`) on a non-zero exit. */
export function execCli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, [...cliArgs(), ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
}

/** The compiled CLI is missing or older than a source file under src/ (or its build script). */
function cliBuildIsStale(): boolean {
  if (!existsSync(CLI_BIN) || !existsSync(SERVE_BIN)) return true;
  const built = statSync(CLI_BIN).mtimeMs;
  return Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'scripts/build-cli.mjs')).mtimeMs) > built;
}

/** Builds the compiled CLI (scripts/build-cli.mjs) when it is missing or older than the sources. Not for test files: they may run at once. */
export function buildCliIfStale(): void {
  if (cliBuildIsStale()) execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
