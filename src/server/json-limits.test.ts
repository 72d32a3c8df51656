import { describe, expect, it } from 'vitest';
import { sampleReport, TINY_PNG_DATA_URL } from '../../tests/support/sample-report';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './json-limits';

const shape = (text: string) => jsonShapeProblem(Buffer.from(text));

describe('jsonShapeProblem', () => {
  it('passes a real report, screenshot included', () => {
    const jpeg = Buffer.alloc(2 * 1024 * 1024);
    jpeg.set([0xff, 0xd8, 0xff]);
    expect(shape(JSON.stringify(sampleReport({ screenshot: TINY_PNG_DATA_URL })))).toBeNull();
    expect(shape(JSON.stringify(sampleReport({ screenshot: `data:image/jpeg;base64,${jpeg.toString('base64')}` })))).toBeNull();
  });

  it('counts depth up to the limit', () => {
    expect(shape(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBeNull();
    expect(shape(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toMatch(/nested too deeply/);
    expect(shape(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`)).toMatch(/nested too deeply/);
  });

  it('counts values up to the limit', () => {
    expect(shape(`[${'0,'.repeat(MAX_JSON_VALUES - 1)}0]`)).toBeNull();
    expect(shape(`[${'0,'.repeat(MAX_JSON_VALUES)}0]`)).toMatch(/too many values/);
  });

  it('brackets and commas inside strings do not count, escaped quotes do not end a string', () => {
    const deep = '['.repeat(100);
    expect(shape(JSON.stringify({ a: deep, b: ','.repeat(30_000) }))).toBeNull();
    expect(shape(JSON.stringify({ a: `"${deep}\\"${deep}` }))).toBeNull();
    // An escaped backslash before a quote: the string ends there, and what follows counts.
    expect(shape(`["x\\\\", ${'['.repeat(MAX_JSON_DEPTH + 1)}`)).toMatch(/nested too deeply/);
    expect(shape(`["x\\\\\\", ${'['.repeat(MAX_JSON_DEPTH + 1)}"]`)).toBeNull();
  });
});
