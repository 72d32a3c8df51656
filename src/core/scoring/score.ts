import type { SignalId } from '../signals/signal-catalog';
import type { Level } from '../verdict';

/** The score is clamped to 0..SCORE_MAX; a list match (authority, feed) scores SCORE_MAX. */
export const SCORE_MAX = 100;

/**
 * The scoring model's numbers (src/data/scoring/weights.json, written by `npm run fit-weights`,
 * validated by ./weights-schema.ts): integer points per signal and the two thresholds. See ./README.md.
 */
export interface ScoringWeights {
  thresholds: { danger: number; caution: number };
  weights: Record<SignalId, number>;
}

export function levelFor(score: number, thresholds: ScoringWeights['thresholds']): Level {
  if (score >= thresholds.danger) return 'danger';
  if (score >= thresholds.caution) return 'caution';
  return 'none';
}

/**
 * A signal's points on a page: its weight times its activation (how strongly it fired there),
 * rounded half up. The product is first rounded to a millionth, so that floating-point noise
 * (30 × 7/6 × 0.5 = 17.499999…) does not decide a point.
 */
export function signalPoints(weight: number, activation: number): number {
  return Math.round(Math.round(weight * activation * 1e6) / 1e6);
}
