/**
 * `rxradar scan` on web archives and JSONL, through the real command (a child process): a WARC.gz
 * of over 1,000 records made from the corpus pages gets the same levels as the per-file scan
 * (linkedom DOM + the content script's extraction, as the CLI read pages before), in input
 * order, with the same output for 1 and 2 workers; bad records are reported and the run goes on.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToSnapshot } from '../extraction/html-to-snapshot';
import { type CliForm, type CliResult, runCli as runCommand } from '../../tests/support/cli-process';
import { corpusPages, type WarcPageRecord, writeCorpusWarcFile } from '../../tests/support/corpus-warc';
import { testEngine } from '../../tests/support/test-engine';
import { MAX_MEMBER_INFLATED } from './gzip-members';
import { decodeHtml } from './scan-batch';

const runCli = (args: string[], stdin?: Buffer | string, form?: CliForm) => runCommand(args, { stdin, form });

const jsonLines = (s: string) =>
  s
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, any>);

let dir: string;
let warc: string;
let records: WarcPageRecord[];
/** Levels of the corpus pages as the per-file scan gave them (DOM extraction). */
let perFileLevels: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-archive-'));
  warc = join(dir, 'corpus.warc.gz');
  records = await writeCorpusWarcFile(warc, { records: 1_029, gzip: true });
  const engine = testEngine();
  perFileLevels = corpusPages().map((p) => engine.analyzePage(htmlToSnapshot(decodeHtml(p.bytes, p.file), p.url)).level);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('rxradar scan: a WARC.gz made from the corpus', () => {
  let oneWorker: CliResult;

  beforeAll(async () => {
    oneWorker = await runCli(['scan', warc]);
  }, 240_000);

  it('has over 1,000 page records, and non-page records the scan skips', () => {
    expect(records.length).toBeGreaterThanOrEqual(1_000);
    expect(oneWorker.stderr).toBe('');
    expect(oneWorker.code).toBe(0);
  });

  it('one line per page record, in input order, with the same levels as the per-file scan', () => {
    const lines = jsonLines(oneWorker.stdout);
    expect(lines).toHaveLength(records.length);
    lines.forEach((line, i) => {
      expect(line.id).toBe(records[i]!.id);
      expect(line.url).toBe(records[i]!.url);
      expect(line.level, `${records[i]!.id} ${records[i]!.url}`).toBe(perFileLevels[records[i]!.page]);
    });
    expect(lines.filter((l) => l.level === 'danger').length).toBeGreaterThan(300);
  });

  it('each line names the WARC file and the offset where its record starts, and the versions', () => {
    const lines = jsonLines(oneWorker.stdout);
    const fd = openSync(warc, 'r');
    try {
      for (const line of [lines[0]!, lines[500]!, lines.at(-1)!]) {
        expect(line.warcFile).toBe(warc);
        // The record is one gzip member from that offset: read it back as a crawler index would.
        const head = Buffer.alloc(64 * 1024);
        const n = readSync(fd, head, 0, head.length, line.offset);
        const member = gunzipSync(head.subarray(0, n), { finishFlush: 2 /* Z_SYNC_FLUSH */ }).toString('latin1');
        expect(member.startsWith('WARC/1.1\r\n')).toBe(true);
        expect(member).toContain(`WARC-Record-ID: ${line.id}`);
      }
    } finally {
      closeSync(fd);
    }
    expect(lines[0]!.engine).toMatch(/^rxradar \d+\.\d+\.\d+/);
    expect(lines[0]!.lists).toEqual({ authority: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), community: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
  });

  it('two worker threads write exactly what one thread writes', async () => {
    const two = await runCli(['scan', '--workers', '2', warc]);
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(oneWorker.stdout);
  }, 240_000);

  it('reads a WARC from standard input, gzipped or not', async () => {
    const small = join(dir, 'small.warc');
    const few = await writeCorpusWarcFile(small, { records: 20, gzip: false });
    const plain = await runCli(['scan', '-'], readFileSync(small));
    expect(plain.code).toBe(0);
    expect(jsonLines(plain.stdout).map((l) => l.id)).toEqual(few.map((r) => r.id));
    const gz = await runCli(['scan'], gzipSync(readFileSync(small)));
    expect(gz.code).toBe(0);
    expect(jsonLines(gz.stdout).map((l) => [l.id, l.level])).toEqual(few.map((r) => [r.id, perFileLevels[r.page]]));
  }, 60_000);
});

async function record(id: string, url: string, body: Uint8Array, contentType = 'text/html'): Promise<Uint8Array> {
  const r = WARCRecord.create(
    {
      url,
      type: 'response',
      warcVersion: 'WARC/1.1',
      warcHeaders: { 'WARC-Record-ID': id },
      httpHeaders: { 'Content-Type': contentType },
      statusline: 'HTTP/1.1 200 OK',
    },
    [body],
  );
  return gzipSync(await WARCSerializer.serialize(r));
}

const enc = new TextEncoder();
const ROGUE = enc.encode('<html><body><h1>Buy Oxycodone 30mg online</h1><p>No prescription needed. Stealth shipping, pay with Bitcoin.</p></body></html>');
const BAKERY = enc.encode('<html><body><h1>Fresh bread daily</h1><p>Sourdough $7.</p></body></html>');

describe('rxradar scan: bad records', () => {
  it('a bad record is one error line naming its id; the run goes on; exit 1', async () => {
    const parts = [
      await record('<urn:uuid:good-1>', 'https://meds.example/', ROGUE),
      await record('<urn:uuid:binary>', 'https://bin.example/', new Uint8Array([0x3c, 0x70, 0x3e, 0, 1, 2, 3])),
      await record('<urn:uuid:bad-url>', 'not a url', BAKERY),
      await record('<urn:uuid:good-2>', 'https://bakery.example/', BAKERY),
    ];
    const file = join(dir, 'bad.warc.gz');
    writeFileSync(file, Buffer.concat(parts));
    const r = await runCli(['scan', file]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((l) => [l.id, l.level])).toEqual([
      ['<urn:uuid:good-1>', 'danger'],
      ['<urn:uuid:good-2>', 'none'],
    ]);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/<urn:uuid:binary>: binary file/);
    expect(errors[1]).toMatch(/<urn:uuid:bad-url>: invalid url "not a url"/);
  }, 60_000);

  it('a WARC cut short is reported once, after the records before the cut', async () => {
    const whole = Buffer.concat([await record('<urn:uuid:a>', 'https://a.example/', BAKERY), await record('<urn:uuid:b>', 'https://b.example/', ROGUE)]);
    const file = join(dir, 'cut.warc.gz');
    writeFileSync(file, whole.subarray(0, whole.length - 40));
    const r = await runCli(['scan', file]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((l) => l.id)).toEqual(['<urn:uuid:a>']);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cut\.warc\.gz/);
  }, 60_000);

  it('a missing input is named; the other inputs are still scanned', async () => {
    const file = join(dir, 'one.warc.gz');
    writeFileSync(file, await record('<urn:uuid:one>', 'https://one.example/', BAKERY));
    const r = await runCli(['scan', join(dir, 'missing.warc.gz'), file]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((l) => l.id)).toEqual(['<urn:uuid:one>']);
    expect(r.stderr).toMatch(/missing\.warc\.gz: no such file/);
  }, 60_000);

  it('neither WARC nor JSONL is refused with a hint', async () => {
    const file = join(dir, 'page.txt');
    writeFileSync(file, '<html>hello</html>');
    const r = await runCli(['scan', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/neither WARC nor JSONL/);
  });
});

describe('rxradar scan: the offset of each record is that of its gzip member', () => {
  it('several records in one member, and the records after a member too large to decompress at once', async () => {
    const plain = async (id: string, url: string, body: Uint8Array) => gunzipSync(await record(id, url, body));
    const a = await record('<urn:uuid:a>', 'https://a.example/', BAKERY);
    const bc = gzipSync(Buffer.concat([await plain('<urn:uuid:b>', 'https://b.example/', ROGUE), await plain('<urn:uuid:c>', 'https://c.example/', BAKERY)]));
    // Over 21 MB once decompressed: read by warcio's streaming reader (gzip-members.ts leaves it).
    const huge = await record('<urn:uuid:huge>', 'https://huge.example/', new Uint8Array(MAX_MEMBER_INFLATED + 1).fill(0x20));
    const d = await record('<urn:uuid:d>', 'https://d.example/', ROGUE);
    const file = join(dir, 'members.warc.gz');
    writeFileSync(file, Buffer.concat([a, bc, huge, d]));
    const r = await runCli(['scan', file]);
    expect(jsonLines(r.stdout).map((l) => [l.id, l.offset, l.level])).toEqual([
      ['<urn:uuid:a>', 0, 'none'],
      ['<urn:uuid:b>', a.length, 'danger'],
      ['<urn:uuid:c>', a.length, 'none'],
      ['<urn:uuid:d>', a.length + bc.length + huge.length, 'danger'],
    ]);
    expect(r.stderr.trim()).toMatch(
      new RegExp(`^rxradar: <urn:uuid:huge>: page too large \\(over 20 MB\\) at .*members\\.warc\\.gz offset ${a.length + bc.length}$`),
    );
    expect(r.code).toBe(1);
  }, 60_000);
});

describe('rxradar scan: JSONL with inline HTML', () => {
  it('scans {"url", "html"} lines from stdin, ids from the lines or their position', async () => {
    const lines = [
      JSON.stringify({ id: 'crawl-1', url: 'https://meds.example/', html: new TextDecoder().decode(ROGUE) }),
      '',
      JSON.stringify({ url: 'https://bakery.example/', html: new TextDecoder().decode(BAKERY) }),
      JSON.stringify({ url: 'https://x.example/' }),
      '{"url": broken',
    ].join('\n');
    const r = await runCli(['scan', '--workers', '2'], lines);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((l) => [l.id, l.level, l.input, l.line])).toEqual([
      ['crawl-1', 'danger', 'stdin', 1],
      ['stdin:3', 'none', 'stdin', 3],
    ]);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/stdin:4: needs "html"/);
    expect(errors[1]).toMatch(/stdin:5: bad JSON/);
  }, 60_000);

  it('the source form (node --import tsx, as `npm run -s cli` runs it) writes the same lines with 2 workers', async () => {
    const lines = [
      JSON.stringify({ id: 'crawl-1', url: 'https://meds.example/', html: new TextDecoder().decode(ROGUE) }),
      JSON.stringify({ url: 'https://bakery.example/', html: new TextDecoder().decode(BAKERY) }),
    ].join('\n');
    const [bin, source] = await Promise.all([runCli(['scan', '--workers', '2'], lines), runCli(['scan', '--workers', '2'], lines, 'source')]);
    expect(source.stderr).toBe('');
    expect(source.code).toBe(0);
    expect(jsonLines(source.stdout).map((l) => l.level)).toEqual(['danger', 'none']);
    expect(source.stdout).toBe(bin.stdout);
  }, 60_000);

  it('--workers must be a positive whole number', async () => {
    const r = await runCli(['scan', '--workers', 'two']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers needs a whole number/);
  });
});
