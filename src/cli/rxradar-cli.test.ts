import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../core/engine';
import { VerdictSchema } from '../core/verdict';
import { bundledData } from '../data/bundled-data';
import { runCli as runCommand } from '../../tests/support/cli-process';
import { checkTarget, decodeHtml, InputError, MAX_PAGE_BYTES, readPageFile, scanManifest, validatePageUrl } from './scan-batch';

/** Runs the compiled command in a child process. */
const runCli = (args: string[], stdin?: string) => runCommand(args, { stdin });

const jsonLines = (s: string) =>
  s
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const ROGUE = `<!doctype html><html><head><title>Meds Direct</title></head><body>
<h1>Buy Oxycodone 30mg online</h1><p>No prescription needed. Price $250. Add to cart.</p>
<p>Stealth shipping, pay with Bitcoin.</p></body></html>`;
const BAKERY = `<!doctype html><html><head><title>Rosie's Bakery</title></head><body>
<h1>Fresh bread daily</h1><p>Sourdough $7, cardamom buns $4.50.</p></body></html>`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-cli-'));
  writeFileSync(join(dir, 'rogue.html'), ROGUE);
  writeFileSync(join(dir, 'bakery.html'), BAKERY);
  writeFileSync(join(dir, 'binary.html'), Buffer.from([0x3c, 0x70, 0x3e, 0x00, 0x01, 0x02, 0x89, 0x50, 0x4e, 0x47]));
  // Sparse: larger than the limit without using the disk.
  writeFileSync(join(dir, 'huge.html'), '');
  truncateSync(join(dir, 'huge.html'), MAX_PAGE_BYTES + 1024 * 1024);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('rxradar CLI: usage', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage:/);
    expect(r.stdout).toMatch(/scan --jsonl MANIFEST/);
    expect(r.stdout).toMatch(/check URL_OR_DOMAIN/);
  });

  it.each([
    { name: 'an unknown command', args: ['frobnicate'], message: /unknown command "frobnicate"/ },
    { name: 'no command', args: [], message: /no command/ },
    { name: 'an unknown option', args: ['scan', '--bogus'], message: /bogus/ },
    { name: 'scan without --url', args: ['scan', 'page.html'], message: /--url/ },
    { name: 'check without arguments', args: ['check'], message: /check needs/ },
  ])('$name: usage on stderr, exit 2', async ({ args, message }) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage:/);
  });
});

describe('rxradar CLI: scan FILE --url URL', () => {
  it('prints one verdict as JSON', async () => {
    const r = await runCli(['scan', join(dir, 'rogue.html'), '--url', 'https://meds-direct.example/oxy']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(5); // pretty-printed
    const verdict = VerdictSchema.parse(JSON.parse(r.stdout));
    expect(verdict.url).toBe('https://meds-direct.example/oxy');
    expect(verdict.host).toBe('meds-direct.example');
    expect(verdict.level).toBe('danger');
    expect(verdict.reasons.map((x) => x.id)).toContain('controlled-drug-offer');
  });

  it('an ordinary page is level none', async () => {
    const r = await runCli(['scan', join(dir, 'bakery.html'), '--url', 'https://rosies-bakery.example/']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).level).toBe('none');
  });

  it.each([
    { name: 'a missing file', file: 'nope.html', url: 'https://a.example/', message: /nope\.html: no such file/ },
    { name: 'a directory', file: '.', url: 'https://a.example/', message: /is a directory/ },
    { name: 'a binary file', file: 'binary.html', url: 'https://a.example/', message: /binary\.html: binary file/ },
    { name: 'a file over 20 MB', file: 'huge.html', url: 'https://a.example/', message: /huge\.html: file too large \(21\.0 MB/ },
    { name: 'an invalid url', file: 'rogue.html', url: 'not a url', message: /--url: invalid url "not a url"/ },
  ])('$name: one-line message naming it, exit 1', async ({ file, url, message }) => {
    const r = await runCli(['scan', join(dir, file), '--url', url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('rxradar CLI: scan --jsonl', () => {
  it('prints one line per input, in order; files are relative to the manifest', async () => {
    const sub = join(dir, 'ordered');
    const pages = join(sub, 'pages');
    mkdirSync(pages, { recursive: true });
    const entries: Array<{ url: string; file: string; level: string }> = [];
    for (let i = 0; i < 6; i++) {
      const rogue = i % 2 === 0;
      writeFileSync(join(pages, `p${i}.html`), rogue ? ROGUE : BAKERY);
      entries.push({ url: `https://site${i}.example/page`, file: `pages/p${i}.html`, level: rogue ? 'danger' : 'none' });
    }
    const manifest = entries.map((e, i) => JSON.stringify({ url: e.url, file: e.file, note: `extra field ${i}` })).join('\n\n');
    writeFileSync(join(sub, 'manifest.jsonl'), `${manifest}\n`);
    const r = await runCli(['scan', '--jsonl', join(sub, 'manifest.jsonl')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(entries.length);
    lines.forEach((line, i) => {
      expect(line.url).toBe(entries[i]!.url);
      expect(line.level).toBe(entries[i]!.level);
      expect(Object.keys(line).slice(0, 5)).toEqual(['url', 'host', 'level', 'score', 'reasons']);
      VerdictSchema.parse(line);
    });
  });

  it('reads the manifest from stdin with -', async () => {
    const manifest = [
      JSON.stringify({ url: 'https://one.example/', file: join(dir, 'bakery.html') }),
      JSON.stringify({ url: 'https://two.example/', file: join(dir, 'rogue.html') }),
    ].join('\r\n');
    const r = await runCli(['scan', '--jsonl', '-'], manifest);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).map((l) => [l.url, l.level])).toEqual([
      ['https://one.example/', 'none'],
      ['https://two.example/', 'danger'],
    ]);
  });

  it('reports each bad input on stderr, still prints the good ones, exits 1', async () => {
    const sub = join(dir, 'mixed');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'good1.html'), ROGUE);
    writeFileSync(join(sub, 'good2.html'), BAKERY);
    const lines = [
      /* 1 */ JSON.stringify({ url: 'https://good1.example/', file: 'good1.html' }),
      /* 2 */ JSON.stringify({ url: 'https://missing.example/', file: 'missing.html' }),
      /* 3 */ '{"url": "https://broken.example/", "file": ',
      /* 4 */ JSON.stringify({ url: 'not a url at all', file: 'good2.html' }),
      /* 5 */ JSON.stringify({ url: 'https://bin.example/', file: '../binary.html' }),
      /* 6 */ JSON.stringify({ file: 'good2.html' }),
      /* 7 */ JSON.stringify({ url: 'https://big.example/', file: '../huge.html' }),
      /* 8 */ '["not", "an", "object"]',
      /* 9 */ JSON.stringify({ url: 'https://good2.example/', file: 'good2.html' }),
    ];
    writeFileSync(join(sub, 'batch.jsonl'), lines.join('\n'));
    const r = await runCli(['scan', '--jsonl', join(sub, 'batch.jsonl')]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((l) => [l.url, l.level])).toEqual([
      ['https://good1.example/', 'danger'],
      ['https://good2.example/', 'none'],
    ]);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(7);
    const at = (n: number) => errors.find((e) => e.includes(`batch.jsonl:${n}:`)) ?? `(no message for line ${n})`;
    expect(at(2)).toMatch(/missing\.html: no such file/);
    expect(at(3)).toMatch(/bad JSON/);
    expect(at(4)).toMatch(/invalid url "not a url at all"/);
    expect(at(5)).toMatch(/binary\.html: binary file/);
    expect(at(6)).toMatch(/missing url/);
    expect(at(7)).toMatch(/huge\.html: file too large/);
    expect(at(8)).toMatch(/expected a JSON object/);
  });

  it('a missing manifest is named, exit 1', async () => {
    const r = await runCli(['scan', '--jsonl', join(dir, 'no-such-manifest.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-manifest\.jsonl: no such file/);
  });

  it('scans 1,000 pages in one process', async () => {
    const sub = join(dir, 'thousand');
    mkdirSync(sub, { recursive: true });
    const manifest: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const html = i % 10 === 0 ? ROGUE : BAKERY.replace('Fresh bread daily', `Fresh bread daily, shop ${i}`);
      writeFileSync(join(sub, `page-${i}.html`), html);
      manifest.push(JSON.stringify({ url: `https://shop${i}.example/`, file: `page-${i}.html` }));
    }
    writeFileSync(join(sub, 'manifest.jsonl'), manifest.join('\n'));
    const t0 = performance.now();
    const r = await runCli(['scan', '--jsonl', join(sub, 'manifest.jsonl')]);
    const ms = performance.now() - t0;
    console.log(`scan --jsonl: 1,000 pages in ${(ms / 1000).toFixed(2)} s (one process, including start-up)`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(1000);
    expect(lines[999]!.url).toBe('https://shop999.example/');
    expect(lines.filter((l) => l.level === 'danger')).toHaveLength(100);
  }, 120_000);
});

describe('rxradar CLI: check', () => {
  it('reports list matches, known pharmacies and nothing, one line each', async () => {
    const r = await runCli(['check', 'https://www.tramadolus.org/x', 'healthwarehouse.com', 'notbad-meds.com']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [authority, known, clean] = jsonLines(r.stdout) as Array<Record<string, any>>;

    expect(authority!.input).toBe('https://www.tramadolus.org/x');
    expect(authority!.host).toBe('www.tramadolus.org');
    expect(authority!.level).toBe('danger');
    expect(authority!.listMatch).toMatchObject({ tier: 'authority', entry: 'tramadolus.org', confidence: 'authority' });
    expect(authority!.listMatch.source).toMatch(/FDA warning letter/);

    // In the community list, but a known licensed pharmacy: no list match.
    expect(known!.level).toBe('none');
    expect(known!.listMatch).toBeUndefined();
    expect(known!.knownPharmacy).toMatchObject({ domain: 'healthwarehouse.com', name: 'HealthWarehouse.com' });

    expect(clean).toEqual({ input: 'notbad-meds.com', host: 'notbad-meds.com', level: 'none' });
  });

  it('community matches are switched off by --no-community', async () => {
    const on = jsonLines((await runCli(['check', '1-online-pharm.com'])).stdout)[0] as Record<string, any>;
    expect(on.level).toBe('caution');
    expect(on.listMatch).toMatchObject({ tier: 'community', entry: '1-online-pharm.com' });
    const off = await runCli(['check', '--no-community', '1-online-pharm.com']);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toEqual({ input: '1-online-pharm.com', host: '1-online-pharm.com', level: 'none' });
  });

  it('a bad address is named on stderr; the others still print; exit 1', async () => {
    const r = await runCli(['check', 'notbad-meds.com', 'not a domain', 'javascript:alert(1)', 'healthwarehouse.com']);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((l) => l.input)).toEqual(['notbad-meds.com', 'healthwarehouse.com']);
    expect(r.stderr).toMatch(/"not a domain": not a URL or domain/);
    expect(r.stderr).toMatch(/"javascript:alert\(1\)": not a URL or domain/);
  });
});

describe('scan-batch, called directly', () => {
  const engine = createEngine({ ...bundledData, community: null });

  async function* lines(list: string[]) {
    yield* list;
  }

  it('scanManifest yields one result per non-blank line, in order, with line numbers', async () => {
    const results = [];
    const input = [
      JSON.stringify({ url: 'https://a.example/', file: 'rogue.html' }),
      '',
      '   ',
      'nonsense',
      JSON.stringify({ url: 'b.example', file: 'bakery.html' }),
    ];
    for await (const r of scanManifest(lines(input), { engine, baseDir: dir, label: 'm.jsonl' })) results.push(r);
    expect(results.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [4, false],
      [5, true],
    ]);
    const [first, bad, last] = results;
    expect(first!.ok && first!.verdict.level).toBe('danger');
    expect(!bad!.ok && bad!.error).toMatch(/^m\.jsonl:4: bad JSON/);
    // A bare host becomes an https URL.
    expect(last!.ok && last!.verdict.url).toBe('https://b.example');
  });

  it('readPageFile refuses what it should, with the path in the message', async () => {
    await expect(readPageFile(join(dir, 'binary.html'))).rejects.toThrow(InputError);
    await expect(readPageFile(join(dir, 'huge.html'))).rejects.toThrow(/huge\.html: file too large/);
    await expect(readPageFile(join(dir, 'absent.html'))).rejects.toThrow(/absent\.html: no such file/);
    await expect(readPageFile(join(dir, 'rogue.html'))).resolves.toBe(ROGUE);
  });

  it('decodeHtml honours byte order marks and meta charsets', () => {
    expect(decodeHtml(Buffer.from('\uFEFF<p>é</p>', 'utf8'), 'x')).toBe('<p>é</p>');
    expect(decodeHtml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>é</p>', 'utf16le')]), 'x')).toBe('<p>é</p>');
    const latin1 = Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>caf'), Buffer.from([0xe9, 0x20, 0x93, 0x80, 0x94]), Buffer.from('</p>')]);
    expect(decodeHtml(latin1, 'x')).toBe('<meta charset="windows-1252"><p>café “€”</p>');
  });

  it('validatePageUrl accepts URLs and bare hosts, names the input otherwise', () => {
    expect(validatePageUrl('https://a.example/x', 'l:1')).toBe('https://a.example/x');
    expect(validatePageUrl('a.example/x', 'l:1')).toBe('https://a.example/x');
    expect(() => validatePageUrl('', 'l:1')).toThrow('l:1: missing url');
    expect(() => validatePageUrl(42, 'l:1')).toThrow('l:1: url must be a string');
    expect(() => validatePageUrl('mailto:x@y.example', 'l:1')).toThrow('l:1: invalid url "mailto:x@y.example"');
  });

  it('checkTarget returns the lookup for an address', () => {
    expect(checkTarget(engine, 'https://www.tramadolus.org/x').listMatch?.tier).toBe('authority');
    expect(() => checkTarget(engine, 'localhost')).toThrow(InputError);
  });
});
