/**
 * From findings to a list: `list add FILE --from results.jsonl --level L` takes the domains that
 * `rxradar scan` flagged, each with the page it was found on and the verdict's evidence.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ListUsageError, runListCommand } from './lists';
import { evidenceOf, flaggedPages } from './scan-results';

const dir = mkdtempSync(join(tmpdir(), 'rxradar-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (url: string, level: string, evidence: string[], extra: Record<string, unknown> = {}) => ({
  url,
  host: new URL(url).host,
  level,
  score: level === 'danger' ? 80 : level === 'caution' ? 30 : 0,
  reasons:
    level === 'none'
      ? []
      : [
          { id: 'controlled-drug-offer', label: 'Offers controlled drugs for sale online', kind: 'risk', weight: 45, evidence },
          { id: 'informational', label: 'Reads like advice', kind: 'context', weight: 0, evidence: ['ignored'] },
        ],
  id: `<urn:uuid:${url.length}>`,
  engine: 'rxradar 0.1.0',
  ...extra,
});

const RESULTS = [
  result('https://shop.zq-pills-now-test.com/oxy', 'danger', ['Oxycodone', 'no prescription']),
  result('https://www.zq-pills-now-test.com/xanax', 'danger', ['Xanax']),
  result('https://zq-maybe-meds-test.com/', 'caution', ['Tramadol']),
  result('https://zq-bakery-test.com/', 'none', []),
  result('https://www.cvs.com/drug/oxycodone', 'danger', ['Oxycodone']),
]
  .map((r) => JSON.stringify(r))
  .concat(['not json', '{"url": "https://x.example/"}'])
  .join('\n');

async function run(argv: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await runListCommand(argv, { stdout, stderr, stdin: Readable.from([stdin]) });
  return { code, out, err };
}

describe('flaggedPages', () => {
  it('keeps results at or above the level, names bad lines', () => {
    const { pages, problems } = flaggedPages(RESULTS, 'r.jsonl', 'danger');
    expect(pages.map((p) => [p.host, p.domain])).toEqual([
      ['shop.zq-pills-now-test.com', 'zq-pills-now-test.com'],
      ['www.zq-pills-now-test.com', 'zq-pills-now-test.com'],
      ['www.cvs.com', 'cvs.com'],
    ]);
    expect(problems).toEqual(['r.jsonl:6: not a JSON line', 'r.jsonl:7: not an rxradar scan result (needs url, level and reasons)']);
    expect(flaggedPages(RESULTS, 'r.jsonl', 'caution').pages.map((p) => p.host)).toContain('zq-maybe-meds-test.com');
  });

  it('evidence: risk and list reasons with their quotes, not context', () => {
    const [first] = flaggedPages(RESULTS, 'r', 'danger').pages;
    expect(evidenceOf(first!.result)).toEqual(['Offers controlled drugs for sale online: "Oxycodone", "no prescription"']);
  });
});

describe('list add --from RESULTS --level', () => {
  it('adds flagged domains with their page and evidence; never a known pharmacy', async () => {
    const file = join(dir, 'results.jsonl');
    writeFileSync(file, RESULTS);
    const list = join(dir, 'flagged.json');
    const r = await run(['add', list, '--from', file, '--level', 'danger', '--date', '2026-12-01']);
    expect(r.code).toBe(1); // the two bad lines and the known pharmacy are reported
    const written = JSON.parse(readFileSync(list, 'utf8')) as { entries: Array<Record<string, unknown>> };
    expect(written.entries).toEqual([
      {
        entry: 'zq-pills-now-test.com',
        source: 'Flagged by RxRadar page analysis (rxradar 0.1.0: danger, score 80, record <urn:uuid:38>)',
        sourceUrl: 'https://shop.zq-pills-now-test.com/oxy',
        date: '2026-12-01',
        confidence: 'inferred',
        evidence: ['Offers controlled drugs for sale online: "Oxycodone", "no prescription"'],
      },
    ]);
    expect(r.err).toMatch(/cvs\.com.*(known|licensed)/i);
    expect(r.err).toMatch(/results\.jsonl:6: not a JSON line/);
  });

  it('reads results from stdin, caution and above', async () => {
    const list = join(dir, 'caution.json');
    const r = await run(['add', list, '--from', '-', '--level', 'caution', '--source', 'Crawl of 2026-11 by the Example lab'], RESULTS);
    const entries = (JSON.parse(readFileSync(list, 'utf8')) as { entries: Array<{ entry: string; source: string }> }).entries;
    expect(entries.map((e) => e.entry)).toEqual(['zq-maybe-meds-test.com', 'zq-pills-now-test.com']);
    expect(entries[0]!.source).toMatch(/^Crawl of 2026-11 by the Example lab \(rxradar 0\.1\.0: caution, score 30/);
    expect(r.out.trim().split('\n')).toHaveLength(2);
  });

  it('a bad level or extra source URL is a usage error', async () => {
    await expect(run(['add', join(dir, 'x.json'), '--from', '-', '--level', 'high'])).rejects.toThrow(ListUsageError);
    await expect(run(['add', join(dir, 'x.json'), '--from', '-', '--level', 'danger', '--source-url', 'https://a.example/'])).rejects.toThrow(ListUsageError);
  });
});
