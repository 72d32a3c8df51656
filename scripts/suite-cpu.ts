/**
 * Where the test suite's CPU goes: runs `vitest run` (with the arguments given after `--`) and
 * samples /proc every 250 ms, adding up each process's CPU time by what it is (Chromium's browser
 * process, renderers, GPU process; Firefox; vitest; the CLI and server processes the tests start;
 * Python), and counts the browsers started. Prints a table when vitest ends, beside the machine's
 * busy CPU time from /proc/stat (the figure the table's rows add up to, less what processes that
 * lived under 250 ms used).
 *
 * `node --import tsx scripts/suite-cpu.ts [-- vitest arguments]` (Linux; run after `npm run build`).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 250;

/** What a process is, from its name and command line. */
export function processKind(comm: string, cmdline: string): string {
  const type = /--type=(\S+)/.exec(cmdline)?.[1];
  if (cmdline.startsWith('/usr/lib/chromium/chromium ') || cmdline.startsWith('/usr/lib/chromium/chrome_crashpad')) {
    if (type === undefined) return cmdline.includes('--remote-debugging-pipe') ? BROWSER.chromium : 'Chromium: other (utility, zygote)';
    if (type === 'renderer') return cmdline.includes('--extension-process') ? 'Chromium: extension renderers' : 'Chromium: page renderers';
    if (type === 'gpu-process') return 'Chromium: GPU process';
    return 'Chromium: other (utility, zygote)';
  }
  if (comm === 'firefox-esr' && cmdline.includes('--remote-debugging-port')) return BROWSER.firefox;
  if (['Web Content', 'WebExtensions', 'Isolated Web Co', 'Privileged Cont', 'file:// Content'].includes(comm))
    return 'Firefox: content and extension processes';
  if (
    comm === 'firefox-esr' ||
    ['RDD Process', 'Socket Process', 'Utility Process', 'forkserver', 'glxtest', 'GPU Process', 'Sandbox Forked', 'Chroot Helper', 'crashhelper'].includes(
      comm,
    )
  )
    return 'Firefox: other';
  if (comm.startsWith('node') || comm.startsWith('npm') || comm === 'npx' || comm === 'MainThread') {
    if (cmdline.includes('suite-cpu')) return 'this script (sampling)';
    if (/vitest/.test(cmdline)) return /forks|worker|threads/.test(cmdline) ? 'vitest workers' : 'vitest main process';
    return 'Node processes the tests start (CLI, servers)';
  }
  if (comm.startsWith('python')) return 'Python (the Dask test)';
  if (cmdline === '') return 'kernel threads';
  if (['sh', 'bash', 'dash', 'unshare', 'mount', 'chromium', 'cp', 'rm'].includes(comm)) return 'shell scripts (browser start-up wrappers)';
  return 'other';
}

/** The rows whose processes are browsers started by a test (one per start). */
const BROWSER = { chromium: 'Chromium: browser process', firefox: 'Firefox: parent process' };

function busyTicks(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...
  return fields.reduce((a, b) => a + b, 0) - fields[3]! - fields[4]!;
}

interface Seen {
  kind: string;
  /** CPU ticks at the first sample (a process already running when sampling began counts from there). */
  base: number;
  last: number;
}

const seen = new Map<string, Seen>();
let first = true;

function sample(): void {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    let cmdline: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // gone
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    const key = `${pid}:${f[19]}`; // pid and start time: a reused pid is another process
    const known = seen.get(key);
    if (known) {
      known.last = ticks;
      // A start-up script becomes the browser it execs; an exiting process has no command line left.
      if (cmdline !== '') known.kind = processKind(comm, cmdline);
    } else seen.set(key, { kind: processKind(comm, cmdline), base: first ? ticks : 0, last: ticks });
  }
  first = false;
}

function main(): void {
  const args = process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : [];
  const busyStart = busyTicks();
  const started = performance.now();
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const vitest = spawn('npx', ['vitest', 'run', ...args], { stdio: 'inherit' });
  vitest.on('exit', (code) => {
    clearInterval(timer);
    sample();
    const wall = (performance.now() - started) / 1000;
    const busy = (busyTicks() - busyStart) / TICKS_PER_SECOND;
    const byKind = new Map<string, { cpu: number; processes: number }>();
    for (const s of seen.values()) {
      const row = byKind.get(s.kind) ?? { cpu: 0, processes: 0 };
      const cpu = (s.last - s.base) / TICKS_PER_SECOND;
      if (cpu <= 0) continue; // no CPU in the run (kernel threads, idle daemons)
      row.cpu += cpu;
      row.processes++;
      byKind.set(s.kind, row);
    }
    const rows = [...byKind].sort((a, b) => b[1].cpu - a[1].cpu);
    const counted = rows.reduce((a, [, r]) => a + r.cpu, 0);
    const pad = Math.max(...rows.map(([k]) => k.length), 40);
    console.log(`\nvitest exited ${code}: ${wall.toFixed(1)} s wall, machine busy ${busy.toFixed(1)} CPU-s (${((100 * busy) / wall).toFixed(0)}% of one core)`);
    console.log(`${'what'.padEnd(pad)}  CPU-s  processes`);
    for (const [kind, r] of rows) console.log(`${kind.padEnd(pad)} ${r.cpu.toFixed(1).padStart(6)}  ${String(r.processes).padStart(9)}`);
    console.log(`${`not seen (processes gone within ${SAMPLE_MS} ms)`.padEnd(pad)} ${(busy - counted).toFixed(1).padStart(6)}`);
    console.log(`browsers started: Chromium ${byKind.get(BROWSER.chromium)?.processes ?? 0}, Firefox ${byKind.get(BROWSER.firefox)?.processes ?? 0}`);
    process.exitCode = code ?? 1;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
