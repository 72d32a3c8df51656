/**
 * The cluster recipe (scripts/cluster/dask_scan.py): a local Dask cluster with 2 worker processes
 * (Debian's python3-distributed, installed by scripts/ensure-cluster-tools.sh before the tests)
 * pipes each WARC.gz file through the compiled `rxradar scan`, and gathers results.jsonl. It must
 * hold the same verdicts, in the same order, as one `rxradar scan` process over the same files.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusWarcFile } from '../support/corpus-warc';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/rxradar.mjs');
const PYTHON = '/usr/bin/python3';

let dir: string;
const warcs: string[] = [];

beforeAll(async () => {
  // `npm test` builds the CLI first (npm run build); a lone run of this file builds it here.
  if (!existsSync(BIN)) await run(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  dir = mkdtempSync(join(tmpdir(), 'rxradar-dask-'));
  for (let i = 0; i < 3; i++) {
    const file = join(dir, `crawl-${i}.warc.gz`);
    await writeCorpusWarcFile(file, { records: 80 + 10 * i, gzip: true, firstId: 1000 * i });
    warcs.push(file);
  }
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const lines = (s: string) =>
  s
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Dask recipe: a local cluster with 2 workers', () => {
  it('gives the verdicts of a single-process scan, in input order', async () => {
    const out = join(dir, 'out');
    const { stdout } = await run(
      PYTHON,
      [join(ROOT, 'scripts/cluster/dask_scan.py'), '--workers', '2', '--rxradar', `${process.execPath} ${BIN}`, '--out', out, ...warcs],
      {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ warcs: 3, records: 270, errors: 0, cluster_workers: 2 });

    const single = await run(process.execPath, [BIN, 'scan', ...warcs], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    const expected = lines(single.stdout);
    const got = lines(readFileSync(join(out, 'results.jsonl'), 'utf8'));
    expect(got).toHaveLength(270);
    // Byte for byte the same records: id, URL, WARC file and offset, level, score, reasons, versions.
    expect(got).toEqual(expected);
    expect(summary.flagged).toBe(expected.filter((l) => l.level !== 'none').length);
    expect(summary.flagged).toBeGreaterThan(50);
  }, 240_000);
});
