/**
 * The fitted scoring model: the committed weights file is what `npm run fit-weights` makes of the
 * committed training corpus (a change of data or engine must be followed by a re-fit), the
 * engine's score is weight × activation, and the fitting rules hold on tiny hand-made data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignalId } from '../../src/core/signals/signal-catalog';
import { decodeHtml } from '../../src/cli/scan-batch';
import { htmlToSnapshotStreaming } from '../../src/extraction/stream-visible-text';
import {
  ALONE_CAUTION,
  cliEngine,
  DANGER_AT,
  fitCaution,
  fitModel,
  readTrainingSet,
  REVIEWED_WEIGHTS,
  ROOT,
  scoreWith,
  type TrainingPage,
  WEIGHTS_FILE,
  weightsFile,
  withoutDate,
} from '../../scripts/fit-weights';

describe('the committed weights file', () => {
  const engine = cliEngine();
  let training: ReturnType<typeof readTrainingSet>;
  beforeAll(() => {
    training = readTrainingSet(engine);
  }, 120_000);

  it('is what the fitting script produces on the committed training set (re-run npm run fit-weights after changing the data)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, WEIGHTS_FILE), 'utf8')) as { fit: { date: string } };
    expect(withoutDate(committed)).toEqual(withoutDate(JSON.parse(JSON.stringify(weightsFile(training, committed.fit.date)))));
  }, 120_000);

  it('scores every training page as the sum of weight × activation, clamped to 0..100', () => {
    const { weights } = JSON.parse(readFileSync(join(ROOT, WEIGHTS_FILE), 'utf8')) as { weights: Record<SignalId, number> };
    const lines = readFileSync(join(ROOT, 'tests/fixtures/corpus.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { url: string; file: string });
    const byFile = new Map(training.pages.map((p) => [p.file, p]));
    let checked = 0;
    for (const line of lines) {
      const page = byFile.get(line.file)!;
      if (page.excluded) continue;
      const html = decodeHtml(readFileSync(join(ROOT, 'tests/fixtures', line.file)), line.file);
      const verdict = engine.analyzePage(htmlToSnapshotStreaming(html, line.url.trim()));
      expect(verdict.score, line.file).toBe(scoreWith(weights, page.activations));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  }, 120_000);

  it('keeps every legitimate training page below danger', () => {
    const { weights } = JSON.parse(readFileSync(join(ROOT, WEIGHTS_FILE), 'utf8')) as { weights: Record<SignalId, number> };
    const atDanger = training.pages.filter((p) => !p.excluded && p.expected === 'none' && scoreWith(weights, p.activations) >= DANGER_AT);
    expect(atDanger.map((p) => p.file)).toEqual([]);
  });
});

/** A page of the tiny data sets below. */
const page = (expected: TrainingPage['expected'], activations: TrainingPage['activations']): TrainingPage => ({
  file: `${expected}-${JSON.stringify(activations)}`,
  expected,
  activations,
});

describe('fitCaution', () => {
  it('puts the threshold half-way between symmetric flagged and unflagged scores', () => {
    // Two flagged pages at 40, two unflagged at 20: the even-odds point is 30.
    expect(fitCaution([40, 40, 20, 20], [true, true, false, false])).toBeCloseTo(30, 6);
  });

  it('moves the threshold up when an unflagged page scores high', () => {
    expect(fitCaution([40, 40, 20, 35], [true, true, false, false])).toBeGreaterThan(30);
  });
});

describe('fitModel on a tiny data set', () => {
  // Rogue pages: a controlled drug with "no prescription"; legitimate pages: a pharmacy that
  // offers controlled drugs and requires a prescription; a caution page: "no prescription" alone.
  const pages: TrainingPage[] = [
    ...Array.from({ length: 6 }, () => page('danger', { 'controlled-drug-offer': 1, 'no-prescription': 1 })),
    ...Array.from({ length: 6 }, () => page('none', { 'controlled-drug-offer': 1, 'prescription-required': 1, 'worldwide-shipping': 1 })),
    ...Array.from({ length: 3 }, () => page('caution', { 'no-prescription': 1 })),
    ...Array.from({ length: 3 }, () => page('none', {})),
    // A legitimate page (a licensed pharmacy) with "crypto-payment": evidence against it.
    ...Array.from({ length: 4 }, () => page('none', { 'crypto-payment': 1, 'prescription-required': 1 })),
    page('none', { 'crypto-payment': 1 }),
  ];
  const model = fitModel(pages);

  it('keeps the reviewed weight of a signal no page shows', () => {
    expect(model.weights['nitazene-offer']).toBe(REVIEWED_WEIGHTS['nitazene-offer']);
    expect(model.weights['dot-pharmacy']).toBe(REVIEWED_WEIGHTS['dot-pharmacy']);
    expect(model.support['nitazene-offer']).toBeUndefined();
  });

  it('moves weights the way the pages point: "no prescription" up (it separates rogue from legitimate), crypto payment down (seen only on legitimate pages)', () => {
    expect(model.weights['no-prescription']).toBeGreaterThan(REVIEWED_WEIGHTS['no-prescription']);
    expect(model.weights['crypto-payment']).toBeLessThan(REVIEWED_WEIGHTS['crypto-payment']);
    expect(model.weights['crypto-payment']).toBeGreaterThanOrEqual(0);
  });

  it('reaches danger on every rogue page and on no legitimate page', () => {
    for (const p of pages) {
      const score = scoreWith(model.weights, p.activations);
      if (p.expected === 'danger') expect(score).toBeGreaterThanOrEqual(DANGER_AT);
      else expect(score).toBeLessThan(DANGER_AT);
    }
  });

  it('keeps every ordinary sign alone below the caution threshold, and risk and trust signs apart', () => {
    for (const [id, w] of Object.entries(model.weights) as Array<[SignalId, number]>) {
      if (id in REVIEWED_WEIGHTS && REVIEWED_WEIGHTS[id] < 0) expect(w, id).toBeLessThanOrEqual(0);
      else expect(w, id).toBeGreaterThanOrEqual(0);
      if (REVIEWED_WEIGHTS[id] > 0 && !ALONE_CAUTION.includes(id)) expect(w, id).toBeLessThan(model.thresholds.caution);
    }
  });

  it('caps an ordinary sign the data would lift to caution, and says so', () => {
    // Messenger contact alone on many rogue pages: the data would make it danger alone.
    const lifted = fitModel([
      ...Array.from({ length: 12 }, () => page('danger', { 'messenger-contact': 1 })),
      ...Array.from({ length: 12 }, () => page('none', {})),
      ...Array.from({ length: 3 }, () => page('caution', { 'no-prescription': 1 })),
    ]);
    expect(lifted.weights['messenger-contact']).toBe(lifted.thresholds.caution - 1);
    expect(lifted.constraints.join('\n')).toMatch(/messenger-contact: fitted \d+, capped at/);
  });

  it('is deterministic', () => {
    expect(fitModel(pages)).toEqual(model);
  });
});
