/**
 * The batch scan judges every corpus page as the per-file path did: the same level, score and
 * reasons (evidence included) from `rxradar scan`'s scanJob (streaming reader, one tokenizer pass)
 * as from a linkedom DOM of the page (htmlToSnapshot, what the CLI read pages with before) through
 * the same engine. Training, holdout and real-world pages; never the blind corpus.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createScanContext, scanJob } from '../../src/cli/scan-records';
import { decodeHtml, verdictRecord } from '../../src/cli/scan-batch';
import { htmlToSnapshot } from '../../src/extraction/html-to-snapshot';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPORA = ['fixtures', 'holdout', 'real'] as const;

const pages = CORPORA.flatMap((corpus) => {
  const dir = join(ROOT, 'tests', corpus);
  return readFileSync(join(dir, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { url: string; file: string })
    .map(({ url, file }) => ({ corpus, url, file, bytes: new Uint8Array(readFileSync(join(dir, file))) }));
});

describe('rxradar scan gives the per-file verdict on every corpus page', () => {
  const ctx = createScanContext(true);

  it('has all three corpora', () => {
    for (const corpus of CORPORA) expect(pages.filter((p) => p.corpus === corpus).length, corpus).toBeGreaterThan(40);
  });

  it('same level, score and reasons for each page', () => {
    let flagged = 0;
    for (const [seq, p] of pages.entries()) {
      const outcome = scanJob(ctx, { seq, id: p.file, url: p.url, bytes: p.bytes, source: { input: p.corpus, line: seq + 1 } });
      expect(outcome.ok, p.file).toBe(true);
      if (!outcome.ok) continue;
      const scanned = JSON.parse(outcome.line) as Record<string, unknown>;
      const perFile = verdictRecord(ctx.engine.analyzePage(htmlToSnapshot(decodeHtml(p.bytes, p.file), p.url)));
      expect({ level: scanned.level, score: scanned.score, reasons: scanned.reasons }, `${p.corpus}/${p.file}`).toEqual({
        level: perFile.level,
        score: perFile.score,
        reasons: perFile.reasons,
      });
      if (perFile.level !== 'none') flagged++;
    }
    // The comparison means something only if pages are flagged and others are not.
    expect(flagged).toBeGreaterThan(50);
    expect(flagged).toBeLessThan(pages.length);
  }, 120_000);
});
