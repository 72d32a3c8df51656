/**
 * Runs a labelled corpus through the CLI (the real command, compiled, as a user runs it: one
 * process per corpus, `rxradar scan --jsonl MANIFEST`) and returns one evaluated row per manifest
 * line.
 * Shared by tests/corpus/corpus.test.ts and `npm run eval` (scripts/eval.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execCli, ROOT } from '../support/cli-process';
import type { EvaluatedRow, Level } from './evaluation';

export { ROOT } from '../support/cli-process';

export interface CorpusSpec {
  /** Name in reports. */
  name: string;
  /** Manifest path relative to the repository root. */
  manifest: string;
  /**
   * Whether a line without a `language` field may take its language from the page's `<html lang>`.
   * False for the blind set: its pages are scored without being read, so every line must say.
   */
  pageLanguageFallback: boolean;
  /** Whether reports list the pages not at their expected level. */
  listMismatches: boolean;
}

export const CORPORA = {
  training: { name: 'training (tests/fixtures)', manifest: 'tests/fixtures/corpus.jsonl', pageLanguageFallback: true, listMismatches: true },
  holdout: { name: 'held-out (tests/holdout)', manifest: 'tests/holdout/corpus.jsonl', pageLanguageFallback: true, listMismatches: true },
  blind: { name: 'blind test (tests/blind)', manifest: 'tests/blind/corpus.jsonl', pageLanguageFallback: false, listMismatches: false },
  real: { name: 'real text (tests/real)', manifest: 'tests/real/corpus.jsonl', pageLanguageFallback: true, listMismatches: true },
  /** Burned blind pages not yet fixed (read after scoring; a line moves to tests/fixtures/corpus.jsonl once fixed). */
  pending: {
    name: 'burned, not yet fixed (tests/fixtures/burned-pending.jsonl)',
    manifest: 'tests/fixtures/burned-pending.jsonl',
    pageLanguageFallback: true,
    listMismatches: true,
  },
} satisfies Record<string, CorpusSpec>;

interface ManifestLine {
  url: string;
  file: string;
  expected: Level;
  category: string;
  language?: string;
}

const LEVEL_SET = new Set<string>(['danger', 'caution', 'none']);

/** Primary subtag of a language tag, lower case: `pt-BR` → `pt`. */
export function primaryLanguage(tag: string): string {
  return tag.trim().split(/[-_]/)[0]!.toLowerCase();
}

/** The `lang` of a page's `<html>` start tag, or `en` when it has none. */
export function pageLanguage(html: string): string {
  const tag = /<html\b[^>]*>/i.exec(html)?.[0];
  const lang = tag ? /\blang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag) : null;
  const value = lang ? (lang[1] ?? lang[2] ?? lang[3] ?? '') : '';
  return value.trim() ? primaryLanguage(value) : 'en';
}

export function readManifest(spec: CorpusSpec): ManifestLine[] {
  const path = join(ROOT, spec.manifest);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const line = JSON.parse(l) as ManifestLine;
      if (!LEVEL_SET.has(line.expected)) throw new Error(`${spec.manifest}:${i + 1}: expected must be danger, caution or none`);
      return line;
    });
}

function languageOf(spec: CorpusSpec, line: ManifestLine, index: number): string {
  if (typeof line.language === 'string' && line.language.trim()) return primaryLanguage(line.language);
  if (!spec.pageLanguageFallback) throw new Error(`${spec.manifest}:${index + 1}: no language field (this corpus must name every page's language)`);
  return pageLanguage(readFileSync(join(dirname(join(ROOT, spec.manifest)), line.file), 'utf8'));
}

/** Scans every page of the corpus through the CLI, in one process. */
export async function scanCorpus(spec: CorpusSpec): Promise<EvaluatedRow[]> {
  const lines = readManifest(spec);
  const { stdout } = await execCli('scan', '--jsonl', spec.manifest);
  const verdicts = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { url: string; level: Level });
  if (verdicts.length !== lines.length) throw new Error(`${spec.manifest}: ${lines.length} pages but ${verdicts.length} verdicts`);
  return lines.map((l, i) => {
    if (verdicts[i]!.url !== l.url.trim() && verdicts[i]!.url !== l.url) {
      throw new Error(`${spec.manifest}:${i + 1}: verdict for ${verdicts[i]!.url}, expected ${l.url}`);
    }
    return { file: l.file, category: l.category, expected: l.expected, got: verdicts[i]!.level, language: languageOf(spec, l, i) };
  });
}
