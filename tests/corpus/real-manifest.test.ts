/**
 * The real-text corpus (tests/real) records, for every page, where its text comes from and under
 * which licence: nothing in it may be unattributed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPORA, ROOT, readManifest } from './scan-corpus';

interface RealLine {
  url: string;
  file: string;
  expected: string;
  category: string;
  language: string;
  note: string;
  source: { repository: string; path: string; commit: string; licence: string; conversion: string };
}

const lines = readManifest(CORPORA.real) as unknown as RealLine[];

describe('real-text corpus manifest', () => {
  it('names source repository, path, commit and licence for every page, and every file exists', () => {
    expect(lines.length).toBeGreaterThanOrEqual(80);
    for (const l of lines) {
      expect(l.source.repository, l.file).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(l.source.path, l.file).toMatch(/\S/);
      expect(l.source.commit, l.file).toMatch(/^[0-9a-f]{40}$/);
      expect(l.source.licence, l.file).toMatch(/Apache-2\.0|PDDL-1\.0|CC0-1\.0/);
      expect(l.source.conversion, l.file).toMatch(/\S/);
      expect(l.language, l.file).toMatch(/^[a-z]{2,3}$/);
      expect(['danger', 'none'], l.file).toContain(l.expected);
      expect(l.note, l.file).toMatch(/\S/);
      expect(existsSync(join(ROOT, 'tests/real', l.file)), l.file).toBe(true);
      expect(() => new URL(l.url), l.file).not.toThrow();
    }
    expect(new Set(lines.map((l) => l.file)).size).toBe(lines.length);
  });

  it('lists every page in the README with its source', () => {
    const readme = readFileSync(join(ROOT, 'tests/real/README.md'), 'utf8');
    for (const l of lines)
      expect(readme, l.file).toContain(`| \`${l.file}\` | ${l.expected} | ${l.language} | ${l.source.repository} | \`${l.source.path}\` |`);
  });
});
