import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { REPORT_JSON_SCHEMA_PATH, reportJsonSchemaText } from './report-json-schema';
import { MAX_NOTE_CHARS, MAX_SCREENSHOT_BYTES, parseReport, type Report } from './report-schema';
import { sampleReport, TINY_PNG_DATA_URL } from '../../tests/support/sample-report';

const committed = readFileSync(REPORT_JSON_SCHEMA_PATH, 'utf8');

function jsonSchemaValidator() {
  // Formats (uuid, uri, date-time) are not checked here: parseReport checks them, and ajv needs a plugin for them.
  const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
  return ajv.compile(JSON.parse(committed) as object);
}

const jpegDataUrl = (bytes: number) => {
  const buf = Buffer.alloc(bytes);
  buf[0] = 0xff;
  buf[1] = 0xd8;
  buf[2] = 0xff;
  return `data:image/jpeg;base64,${buf.toString('base64')}`;
};

describe('report.schema.json', () => {
  it('is exactly what scripts/generate-report-schema.ts writes (run it after changing the schema)', () => {
    expect(committed).toBe(reportJsonSchemaText());
  });

  it('scripts/generate-report-schema.ts --check agrees (exit 0, file untouched)', () => {
    const script = fileURLToPath(new URL('../../scripts/generate-report-schema.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--check'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('report.schema.json: up to date');
    expect(readFileSync(REPORT_JSON_SCHEMA_PATH, 'utf8')).toBe(committed);
  });

  it('is versioned and closed', () => {
    const schema = JSON.parse(committed) as { properties: { schemaVersion: unknown }; additionalProperties: unknown; required: string[] };
    expect(schema.properties.schemaVersion).toEqual({ type: 'number', const: 1 });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toContain('reportId');
  });

  it('accepts the sample report (with a screenshot) and rejects a broken one', () => {
    const validate = jsonSchemaValidator();
    expect(validate(sampleReport({ screenshot: TINY_PNG_DATA_URL })), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...sampleReport(), category: 'spam' })).toBe(false);
    expect(validate({ ...sampleReport(), extra: 1 })).toBe(false);
    const { note: _note, ...noNote } = sampleReport();
    expect(validate(noNote)).toBe(false);
  });
});

describe('parseReport', () => {
  it('accepts the sample report, with and without optional fields', () => {
    expect(parseReport(sampleReport())).toEqual({ ok: true, report: sampleReport() });
    const full = sampleReport({
      screenshot: TINY_PNG_DATA_URL,
      listMatch: {
        tier: 'authority',
        entry: 'meds-direct-example.com',
        host: 'shop.meds-direct-example.com',
        source: 'FDA warning letter',
        sourceUrl: 'https://www.fda.gov/x',
        date: '2020-09-11',
        confidence: 'authority',
      },
    });
    expect(parseReport(full).ok).toBe(true);
    const { feeds: _feeds, ...noFeeds } = sampleReport().listVersions;
    expect(parseReport(sampleReport({ listVersions: noFeeds })).ok).toBe(true);
    expect(parseReport(sampleReport({ note: '' })).ok).toBe(true);
    expect(parseReport(sampleReport({ domain: 'shop.meds-direct-example.com' })).ok).toBe(true);
    expect(parseReport(sampleReport({ time: '2026-11-22T11:15:30+01:00' })).ok).toBe(true);
    expect(parseReport(sampleReport({ screenshot: jpegDataUrl(MAX_SCREENSHOT_BYTES) })).ok).toBe(true);
  });

  const bad: Array<[string, unknown, string]> = [
    ['not an object', 'hello', '(report): '],
    ['null', null, '(report): '],
    ['another schema version', { ...sampleReport(), schemaVersion: 2 }, 'schemaVersion:'],
    ['reportId not a UUID', sampleReport({ reportId: 'abc' }), 'reportId:'],
    ['ftp url', sampleReport({ url: 'ftp://meds-direct-example.com/x' }), 'url:'],
    ['domain of another site', sampleReport({ domain: 'other-example.com' }), 'domain: "other-example.com" is not the host of the url'],
    ['domain a public suffix', sampleReport({ domain: 'com' }), 'domain: "com" is a public suffix'],
    [
      'domain with www.',
      sampleReport({ url: 'https://www.meds-direct-example.com/', domain: 'www.meds-direct-example.com' }),
      'domain: "www.meds-direct-example.com" drop the www.',
    ],
    ['time not ISO', sampleReport({ time: 'yesterday' }), 'time:'],
    ['unknown category', { ...sampleReport(), category: 'spam' }, 'category:'],
    ['note too long', sampleReport({ note: 'x'.repeat(MAX_NOTE_CHARS + 1) }), 'note:'],
    [
      'weight a string',
      { ...sampleReport(), verdict: { level: 'danger', score: 1, reasons: [{ id: 'a', label: 'b', kind: 'risk', weight: '5', evidence: [] }] } },
      'verdict.reasons[0].weight:',
    ],
    ['unknown level', { ...sampleReport(), verdict: { level: 'red', score: 1, reasons: [] } }, 'verdict.level:'],
    ['bad extension version', sampleReport({ extensionVersion: 'v1' }), 'extensionVersion:'],
    ['bad list date', { ...sampleReport(), listVersions: { authority: '22/11/2026', community: '2026-07-05' } }, 'listVersions.authority:'],
    [
      'feed key not a URL',
      { ...sampleReport(), listVersions: { authority: '2026-11-22', community: '2026-07-05', feeds: { 'not a url': '1' } } },
      'listVersions.feeds["not a url"]: Invalid key in record',
    ],
    ['unknown field', { ...sampleReport(), cookies: 'x' }, '(report): Unrecognized key: "cookies"'],
    ['missing field', (({ verdict: _v, ...r }: Report) => r)(sampleReport()), 'verdict: missing'],
    ['screenshot not a data URL', sampleReport({ screenshot: 'https://example.com/x.png' }), 'screenshot:'],
    ['screenshot gif', sampleReport({ screenshot: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }), 'screenshot:'],
    ['screenshot bad base64', sampleReport({ screenshot: 'data:image/png;base64,@@@@' }), 'screenshot: is not valid base64'],
    ['screenshot claims PNG, is JPEG', sampleReport({ screenshot: jpegDataUrl(30).replace('image/jpeg', 'image/png') }), 'not a PNG image'],
    ['screenshot too large', sampleReport({ screenshot: jpegDataUrl(MAX_SCREENSHOT_BYTES + 3) }), 'screenshot:'],
  ];

  it.each(bad)('rejects %s with a readable one-line error', (_name, value, expected) => {
    const r = parseReport(value);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^invalid report: /);
    expect(r.error).toContain(expected);
    expect(r.error).not.toContain('\n');
    expect(r.issues.length).toBeGreaterThan(0);
  });

  it('names at most five fields in the error and counts the rest', () => {
    const r = parseReport({ schemaVersion: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.length).toBeGreaterThan(5);
    expect(r.error).toMatch(/\(and \d+ more\)$/);
  });
});
