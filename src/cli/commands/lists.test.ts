import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceListFileSchema } from '../../core/lists/bulk-input';
import { decodePublicKey, verifyFeed } from '../../core/lists/list-feed';
import { InputError } from '../scan-batch';
import { LIST_USAGE, ListUsageError, listAdd, listKeygen, listPublish, listValidate, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, runListCommand } from './lists';

const AUTHORITY = fileURLToPath(new URL('../../data/lists/authority.json', import.meta.url));
const NOW = new Date('2026-11-22T12:00:00Z');
const META = {
  source: 'RxRadar researcher test purchases, November 2026',
  sourceUrl: 'https://example.org/reports/2026-11',
  date: '2026-11-20',
  confidence: 'corroborated' as const,
  now: NOW,
};

let dir: string;
let n = 0;
/** A fresh path in the temp dir. */
const path = (name: string) => join(dir, `${n++}-${name}`);
const write = (name: string, text: string) => {
  const p = path(name);
  writeFileSync(p, text);
  return p;
};
const entry = (domain: string, extra: Record<string, unknown> = {}) => ({
  entry: domain,
  source: 'FDA warning letter to a test site',
  sourceUrl: 'https://www.fda.gov/x',
  date: '2026-01-01',
  confidence: 'authority',
  ...extra,
});
const listText = (entries: object[], updated = '2026-11-01') =>
  `${JSON.stringify({ name: 'test list', description: 'a list for the CLI tests', updated, entries }, null, 2)}\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rxradar-lists-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('listKeygen', () => {
  it('writes a PKCS#8 private key with mode 0600 and the base64 raw public key; returns the public key', async () => {
    const out = join(path('keys'), 'nested');
    const r = await listKeygen(out);
    expect(decodePublicKey(r.publicKey)).toHaveLength(32);
    expect(r.privateKeyPath).toBe(join(out, PRIVATE_KEY_FILE));
    expect(statSync(r.privateKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(readFileSync(r.privateKeyPath, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]+\n-----END PRIVATE KEY-----\n$/);
    expect(readFileSync(join(out, PUBLIC_KEY_FILE), 'utf8')).toBe(`${r.publicKey}\n`);
  });

  it('never overwrites a key, unless forced', async () => {
    const out = path('keys');
    const first = await listKeygen(out);
    await expect(listKeygen(out)).rejects.toThrow(/a key is already there; not overwritten/);
    expect(readFileSync(join(out, PUBLIC_KEY_FILE), 'utf8').trim()).toBe(first.publicKey);
    chmodSync(join(out, PRIVATE_KEY_FILE), 0o644);
    const second = await listKeygen(out, { force: true });
    expect(second.publicKey).not.toBe(first.publicKey);
    expect(statSync(second.privateKeyPath).mode & 0o777).toBe(0o600);
  });
});

describe('listPublish → verifyFeed', () => {
  let keyDir: string;
  let publicKey: string;
  beforeAll(async () => {
    keyDir = path('keys');
    publicKey = (await listKeygen(keyDir)).publicKey;
  });

  it('a list file: signed feed verifies with the public key and carries the list; the sequence goes up by itself', async () => {
    const input = write('list.json', listText([entry('alpha-rogue.com', { evidence: ['https://web.archive.org/x'] }), entry('beta-rogue.net')]));
    const out = path('feed.json');
    const r = await listPublish(keyDir, input, out, { now: NOW });
    expect(r).toMatchObject({ written: true, name: 'test list', sequence: 1, entries: 2, keyId: publicKey, problems: [] });
    const v = await verifyFeed(readFileSync(out, 'utf8'), [publicKey]);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.list).toEqual({
      name: 'test list',
      sequence: 1,
      published: '2026-11-22T12:00:00.000Z',
      entries: [entry('alpha-rogue.com', { evidence: ['https://web.archive.org/x'] }), entry('beta-rogue.net')],
    });
    expect((await listPublish(keyDir, input, out, { now: NOW })).sequence).toBe(2);
    const again = await listPublish(keyDir, input, out, { now: NOW, sequence: 2, name: 'renamed' });
    expect(again.written).toBe(false);
    expect(again.problems[0]).toMatch(/has sequence 2; a new publication needs a higher one/);
    expect(await listPublish(keyDir, input, out, { now: NOW, sequence: 10, name: 'renamed feed' })).toMatchObject({
      written: true,
      sequence: 10,
      name: 'renamed feed',
    });
    expect(await verifyFeed(readFileSync(out, 'utf8'), ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='])).toMatchObject({ ok: false, reason: 'untrusted-key' });
  });

  it('plain text: one domain a line, # comments, with --source and --source-url; hosts kept as written (normalised)', async () => {
    const input = write(
      'plain.txt',
      '# researcher list\nWWW.Gamma-Rogue.org\nshop.delta-rogue.com  # a shop on a subdomain\n\nbuy*fentanyl*.com\ngamma-rogue.org\n',
    );
    const out = path('feed.json');
    const r = await listPublish(keyDir, input, out, { now: NOW, source: META.source, sourceUrl: META.sourceUrl, name: 'researcher feed' });
    expect(r.written).toBe(true);
    expect(r.warnings).toEqual([`${input}:6: "gamma-rogue.org": duplicate of line 2 (gamma-rogue.org)`]);
    const v = await verifyFeed(readFileSync(out), [publicKey]);
    expect(v.ok && v.list.entries.map((e) => [e.entry, e.date, e.confidence])).toEqual([
      ['buy*fentanyl*.com', '2026-11-22', 'authority'],
      ['gamma-rogue.org', '2026-11-22', 'authority'],
      ['shop.delta-rogue.com', '2026-11-22', 'authority'],
    ]);
  });

  it('refuses to sign a popular site or a too broad pattern, from a list file or plain text (issue 10, finding 8)', async () => {
    const fromList = await listPublish(keyDir, write('list.json', listText([entry('alpha-rogue.com'), entry('google.com')])), path('feed.json'), { now: NOW });
    expect(fromList.written).toBe(false);
    expect(fromList.problems.join('\n')).toMatch(/google\.com is a popular legitimate site/);
    const plain = write('plain.txt', 'alpha-rogue.com\n*in*er*.*\nhttps://sites.google.com/view/x\n');
    const fromText = await listPublish(keyDir, plain, path('feed.json'), { now: NOW, source: META.source, sourceUrl: META.sourceUrl, name: 'researcher feed' });
    expect(fromText.written).toBe(false);
    expect(fromText.problems).toEqual([
      `${plain}:2: "*in*er*.*": the pattern *in*er*.* is too broad: the label needs 4 letters or digits in a row (its longest run is 2)`,
      `${plain}:3: "https://sites.google.com/view/x": sites.google.com is a popular legitimate site (popular-sites.json) and cannot be listed`,
    ]);
  });

  it('plain text without a source is refused before anything is written', async () => {
    const input = write('plain.txt', 'alpha-rogue.com\n');
    const out = path('feed.json');
    await expect(listPublish(keyDir, input, out)).rejects.toThrow(/needs --source and --source-url/);
    expect(existsSync(out)).toBe(false);
  });

  it.each<[string, string, string, RegExp]>([
    ['a bad line in plain text', 'plain.txt', 'alpha-rogue.com\n10.0.0.1\n', /plain\.txt:2: "10\.0\.0\.1": an IP address, not a domain/],
    ['a known pharmacy in plain text', 'plain.txt', 'www.cvs.com\n', /plain\.txt:1: "www\.cvs\.com": cvs\.com is a known licensed pharmacy/],
    ['a known pharmacy in a list file', 'list.json', listText([entry('walgreens.com')]), /list\.json:\d+: walgreens\.com is a known licensed pharmacy/],
    [
      'an invalid list file',
      'list.json',
      listText([entry('b-rogue.com'), entry('a-rogue.com')]),
      /entries are not sorted: a-rogue\.com comes after b-rogue\.com/,
    ],
  ])('%s: nothing written, each problem named', async (_name, file, text, problem) => {
    const input = write(file, text);
    const out = path('feed.json');
    const r = await listPublish(keyDir, input, out, { source: META.source, sourceUrl: META.sourceUrl });
    expect(r.written).toBe(false);
    expect(r.problems.join('\n')).toMatch(problem);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite a file that is not a feed, and a key directory whose public key does not match', async () => {
    const input = write('list.json', listText([entry('alpha-rogue.com')]));
    const notFeed = write('notes.json', '{"hello": "world"}');
    await expect(listPublish(keyDir, input, notFeed)).rejects.toThrow(/exists and is not a feed; not overwritten/);
    const other = path('keys');
    await listKeygen(other);
    writeFileSync(join(other, PUBLIC_KEY_FILE), `${publicKey}\n`);
    await expect(listPublish(other, input, path('feed.json'))).rejects.toThrow(/does not match/);
    await expect(listPublish(path('missing'), input, path('feed.json'))).rejects.toThrow(InputError);
  });

  it('warns when the private key is readable by others', async () => {
    const k = path('keys');
    await listKeygen(k);
    chmodSync(join(k, PRIVATE_KEY_FILE), 0o644);
    const r = await listPublish(k, write('list.json', listText([entry('alpha-rogue.com')])), path('feed.json'));
    expect(r.written).toBe(true);
    expect(r.warnings.join()).toMatch(/readable by others \(mode 644\); chmod 600 it/);
  });
});

describe('listAdd', () => {
  it('creates a list file from arguments: normalised, sorted, valid, with source and evidence', async () => {
    const file = path('new-list.json');
    const r = await listAdd(file, ['https://www.Zeta-Rogue.com/buy?x=1', 'eta-rogue.net', '10.0.0.1', 'tramadolus.org', 'cvs.com', 'eta-rogue.net'], {
      ...META,
      evidence: ['https://web.archive.org/web/2026/zeta-rogue.com'],
    });
    expect(r).toMatchObject({ created: true, written: true });
    expect(r.added.map((e) => e.entry)).toEqual(['eta-rogue.net', 'zeta-rogue.com']);
    expect(r.problems).toEqual([
      'argument 3: "10.0.0.1": an IP address, not a domain',
      'argument 5: "cvs.com": cvs.com is a known licensed pharmacy and cannot be listed',
    ]);
    expect(r.notes).toEqual([
      'argument 4: "tramadolus.org": tramadolus.org is already on the authority list',
      'argument 6: "eta-rogue.net": duplicate of line 2 (eta-rogue.net)',
    ]);
    const file1 = EvidenceListFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(file1.updated).toBe('2026-11-22');
    expect(file1.entries[1]).toEqual({
      entry: 'zeta-rogue.com',
      source: META.source,
      sourceUrl: META.sourceUrl,
      date: META.date,
      confidence: 'corroborated',
      evidence: ['https://web.archive.org/web/2026/zeta-rogue.com'],
    });
    expect(await listValidate(file)).toMatchObject({ ok: true, entries: 2, errors: [] });
  });

  it('adds from a CSV file into an existing list: keeps existing entries as they are, sorts, reports lines by file:line', async () => {
    const file = write('list.json', listText([entry('mu-rogue.com', { note: 'kept', custom: 'unknown fields survive' }), entry('beta-rogue.net')].reverse()));
    const csv = write(
      'input.csv',
      'name,url,evidence\nAlpha,https://alpha-rogue.com/x,https://example.org/a.png\nMu again,mu-rogue.com,\nBroken,not a domain,\nSub,https://shop.beta-rogue.net/,\n',
    );
    const r = await listAdd(file, { inputFile: csv }, META);
    expect(r.added.map((e) => [e.entry, e.evidence])).toEqual([['alpha-rogue.com', ['https://example.org/a.png']]]);
    expect(r.problems).toEqual([`${csv}:4: "not a domain": contains spaces: put one domain or URL on each line`]);
    expect(r.notes).toEqual([
      `${csv}:3: "mu-rogue.com": mu-rogue.com is already on the ${file.split('/').pop()} list`,
      `${csv}:5: "https://shop.beta-rogue.net/": beta-rogue.net is already on the ${file.split('/').pop()} list`,
    ]);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<Record<string, unknown>> };
    expect(after.entries.map((e) => e.entry)).toEqual(['alpha-rogue.com', 'beta-rogue.net', 'mu-rogue.com']);
    expect(after.entries[2]).toEqual(entry('mu-rogue.com', { note: 'kept', custom: 'unknown fields survive' }));
    expect(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('    {"entry"')),
    ).toHaveLength(3); // one entry a line
  });

  it('--host keeps subdomains; a dry run writes nothing', async () => {
    const file = write('list.json', listText([entry('beta-rogue.net')]));
    const before = readFileSync(file, 'utf8');
    const r = await listAdd(file, ['https://shop.gamma-rogue.org/x'], { ...META, keep: 'host', dryRun: true });
    expect(r).toMatchObject({ written: false, added: [{ entry: 'shop.gamma-rogue.org' }] });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses to change a list file that is not valid, and says why', async () => {
    const file = write('list.json', listText([entry('www.bad-one.com')]));
    const before = readFileSync(file, 'utf8');
    await expect(listAdd(file, ['alpha-rogue.com'], META)).rejects.toThrow(/not a valid list file, not changed .*drop the www/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses bad metadata before reading anything', async () => {
    await expect(listAdd(path('x.json'), ['alpha-rogue.com'], { ...META, source: 'me' })).rejects.toThrow(/source: say who names the site/);
    await expect(listAdd(path('x.json'), ['alpha-rogue.com'], { ...META, sourceUrl: 'javascript:alert(1)' })).rejects.toThrow(/sourceUrl/);
  });

  it('reads standard input for --from -', async () => {
    const file = path('list.json');
    const r = await listAdd(file, { inputFile: '-' }, { ...META, stdin: Readable.from(['omega-rogue.com\n', 'psi-rogue.com\n']) });
    expect(r.added.map((e) => e.entry)).toEqual(['omega-rogue.com', 'psi-rogue.com']);
  });
});

describe('listValidate', () => {
  it('the bundled authority list is valid', async () => {
    expect(await listValidate(AUTHORITY)).toMatchObject({ ok: true, entries: 58, errors: [] });
  });

  it.each<[string, string, RegExp]>([
    ['not JSON (with line and column)', '{\n  "name": "x",\n  oops\n}', /:3:3: not valid JSON/],
    ['a missing field', listText([{ ...entry('alpha-rogue.com'), source: undefined }]), /:\d+: source: alpha-rogue\.com: Invalid input/],
    ['not sorted', listText([entry('b-rogue.com'), entry('a-rogue.com')]), /:\d+: entries are not sorted: a-rogue\.com comes after b-rogue\.com/],
    ['a duplicate', listText([entry('a-rogue.com'), entry('a-rogue.com')]), /a-rogue\.com is listed twice \(entries 1 and 2\)/],
    ['not normalised (www.)', listText([entry('www.a-rogue.com')]), /drop the www/],
    ['an unknown top-level domain', listText([entry('a-rogue.comm')]), /\.comm is not a known top-level domain/],
    ['a bad pattern', listText([entry('a*.com')]), /at least 4 letters/],
    ['a known pharmacy', listText([entry('cvs.com')]), /cvs\.com is a known licensed pharmacy/],
    ['a pattern matching a known pharmacy', listText([entry('walgreen*.*')]), /the pattern walgreen\*\.\* matches the known licensed pharmacy walgreens\.com/],
    ['a popular legitimate site (issue 10, finding 8)', listText([entry('google.com')]), /google\.com is a popular legitimate site/],
    [
      'a parent covering a popular site',
      listText([entry('wordpress.com')]),
      /listing wordpress\.com would cover the popular legitimate site files\.wordpress\.com/,
    ],
    ['a too broad pattern', listText([entry('*in*er*.*')]), /the pattern \*in\*er\*\.\* is too broad/],
    ['a pattern matching a popular site', listText([entry('pinte*.*')]), /matches the popular legitimate site pinterest\.com/],
    ['an entry dated after the list', listText([entry('a-rogue.com', { date: '2027-01-01' })]), /date 2027-01-01 is after the list's "updated" \(2026-11-01\)/],
    ['no entries', listText([]), /entries: Too small/],
    ['a feed instead of a list', '{"format":"rxradar-list-feed","version":1}', /is a signed feed, not a list file/],
  ])('%s', async (_name, text, error) => {
    const file = write('list.json', text);
    const r = await listValidate(file);
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toMatch(error);
    for (const e of r.errors) expect(e.startsWith(file)).toBe(true);
  });

  it('a missing file is an error, not an exception', async () => {
    expect(await listValidate(join(dir, 'missing.json'))).toMatchObject({ ok: false, errors: [expect.stringMatching(/no such file/)] });
  });

  it('an entry covered by another is a warning only', async () => {
    const r = await listValidate(write('list.json', listText([entry('a-rogue.com'), entry('shop.a-rogue.com')])));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.stringMatching(/shop\.a-rogue\.com is already covered by a-rogue\.com/)]);
  });
});

describe('runListCommand', () => {
  async function run(argv: string[], stdin = '') {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await runListCommand(argv, { stdout, stderr, stdin: Readable.from([stdin]) });
    return { code, out, err };
  }

  it('keygen, add, validate, publish: output and exit codes', async () => {
    const keys = path('keys');
    const kg = await run(['keygen', '--out', keys]);
    expect(kg.code).toBe(0);
    expect(decodePublicKey(kg.out.trim())).toHaveLength(32);
    expect(kg.err).toMatch(/keep it secret, never commit it/);

    const file = path('list.json');
    const add = await run([
      'add',
      file,
      'alpha-rogue.com',
      '192.168.0.1',
      '--source',
      META.source,
      '--source-url',
      META.sourceUrl,
      '--date',
      '2026-11-20',
      '--confidence',
      'corroborated',
    ]);
    expect(add.code).toBe(1); // a line was refused
    expect(
      add.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { entry: string }).entry),
    ).toEqual(['alpha-rogue.com']);
    expect(add.err).toMatch(/rxradar: argument 2: "192\.168\.0\.1": an IP address, not a domain/);
    expect(add.err).toMatch(/created with 1 entry; 1 invalid/);

    const add2 = await run(['add', file, '--from', '-', '--source', META.source, '--source-url', META.sourceUrl], 'beta-rogue.net\nalpha-rogue.com\n');
    expect(add2.code).toBe(0);
    expect(add2.err).toMatch(/skipped: stdin:2: "alpha-rogue\.com": alpha-rogue\.com is already on the/);

    const val = await run(['validate', file, AUTHORITY]);
    expect(val).toMatchObject({ code: 0, out: `${file}: ok, 2 entries\n${AUTHORITY}: ok, 58 entries\n` });

    const feed = path('feed.json');
    const pub = await run(['publish', '--key', keys, '--in', file, '--out', feed, '--name', 'cli feed']);
    expect(pub.code).toBe(0);
    const summary = JSON.parse(pub.out) as Record<string, unknown>;
    expect(summary).toMatchObject({ out: feed, name: 'cli feed', sequence: 1, entries: 2, keyId: kg.out.trim() });
    expect((await verifyFeed(readFileSync(feed, 'utf8'), [kg.out.trim()])).ok).toBe(true);

    const stale = await run(['publish', '--key', keys, '--in', file, '--out', feed, '--sequence', '1']);
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/has sequence 1; a new publication needs a higher one[\s\S]*not written/);

    const broken = await run(['validate', write('bad.json', '{')]);
    expect(broken.code).toBe(1);
  });

  it.each<[string[], RegExp]>([
    [[], /needs a subcommand/],
    [['frobnicate'], /unknown list subcommand/],
    [['add', 'x.json', 'a.com'], /needs --source and --source-url/],
    [['add', 'x.json', '--source', 'x', '--source-url', 'https://x'], /needs domains or URLs, or --from/],
    [['validate'], /at least one FILE/],
    [['keygen'], /needs --out DIR/],
    [['keygen', '--out', 'd', '--source', 'x'], /takes no --source/],
    [['publish', '--key', 'k', '--in', 'i'], /needs --key DIR, --in LISTFILE and --out/],
    [['publish', '--key', 'k', '--in', 'i', '--out', 'o', '--sequence', '1.5'], /--sequence must be a whole number/],
    [
      ['add', 'x.json', 'a.com', '--source', 'xxxxxxxxxxxx', '--source-url', 'https://x.org', '--confidence', 'sure'],
      /--confidence must be one of authority, corroborated, inferred/,
    ],
    [['validate', '--bogus'], /Unknown option/],
  ])('usage error: %j', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(ListUsageError);
    await expect(run(argv)).rejects.toThrow(message);
  });

  it('--help prints the usage', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, out: LIST_USAGE });
  });
});
