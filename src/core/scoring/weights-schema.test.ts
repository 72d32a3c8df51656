import { describe, expect, it } from 'vitest';
import weightsFile from '../../data/scoring/weights.json';
import { SIGNALS } from '../signals/signal-catalog';
import { parseScoringWeights } from './weights-schema';

const clone = () =>
  JSON.parse(JSON.stringify(weightsFile)) as { thresholds: Record<string, number>; weights: Record<string, number>; fit: Record<string, unknown> };

describe('the weights file schema', () => {
  it('accepts the bundled weights file, with a weight for every signal', () => {
    const parsed = parseScoringWeights(weightsFile);
    expect(Object.keys(parsed.weights).sort()).toEqual(Object.keys(SIGNALS).sort());
  });

  it.each([
    ['a risk signal with a negative weight', (f: ReturnType<typeof clone>) => void (f.weights['stealth-shipping'] = -5)],
    ['a trust signal with a positive weight', (f: ReturnType<typeof clone>) => void (f.weights['prescription-required'] = 5)],
    ['a missing signal', (f: ReturnType<typeof clone>) => void delete f.weights['no-prescription']],
    ['an unknown signal', (f: ReturnType<typeof clone>) => void (f.weights['made-up-signal'] = 5)],
    ['a fractional weight', (f: ReturnType<typeof clone>) => void (f.weights['crypto-payment'] = 15.5)],
    ['caution at or above danger', (f: ReturnType<typeof clone>) => void (f.thresholds.caution = f.thresholds.danger!)],
    ['no provenance', (f: ReturnType<typeof clone>) => void delete (f as { fit?: unknown }).fit],
  ])('rejects %s', (_, spoil) => {
    const f = clone();
    spoil(f);
    expect(() => parseScoringWeights(f)).toThrow();
  });
});
