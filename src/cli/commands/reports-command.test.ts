/**
 * The maintainer's loop end to end: a report POSTed to the real intake server, then listed and
 * accepted with the real CLI (`rxradar reports ...` as a child process), writing a list entry.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReport } from '../../../tests/support/sample-report';
import { type RunningIntake, startIntakeServer } from '../../server/intake-server';
import { execCli } from '../../../tests/support/cli-process';

const cli = execCli;

describe('rxradar reports (CLI with the intake server)', () => {
  let dir: string;
  let intake: RunningIntake;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxradar-reports-cli-'));
    intake = await startIntakeServer({ db: join(dir, 'reports.db'), port: 0 });
  });
  afterAll(async () => {
    await intake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists a received report and accepts it into a list file with its source', async () => {
    const report = sampleReport();
    const res = await fetch(`${intake.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
    expect(res.status).toBe(201);

    const db = join(dir, 'reports.db');
    const listed = (await cli('reports', 'list', '--db', db)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; domain: string; status: string });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: report.reportId, status: 'new' });

    const listFile = join(dir, 'reviewed.json');
    const accepted = JSON.parse(
      (await cli('reports', 'accept', report.reportId, '--db', db, '--list', listFile, '--source-url', 'https://example.org/evidence')).stdout,
    );
    expect(accepted).toMatchObject({ id: report.reportId, domain: listed[0]!.domain });
    const file = JSON.parse(readFileSync(listFile, 'utf8')) as { entries: Array<{ entry: string; source: string; sourceUrl: string }> };
    expect(file.entries.map((e) => e.entry)).toEqual([listed[0]!.domain]);
    expect(file.entries[0]!.source).toContain(report.reportId);
    expect(file.entries[0]!.sourceUrl).toBe('https://example.org/evidence');
  });

  it('names a bad input and exits 1; bad usage exits 2', async () => {
    await expect(cli('reports', 'show', 'not-an-id', '--db', join(dir, 'reports.db'))).rejects.toMatchObject({ code: 1 });
    await expect(cli('reports', 'list')).rejects.toMatchObject({ code: 2 });
  });
});
