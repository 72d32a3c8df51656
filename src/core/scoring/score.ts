import type { Level } from '../verdict';

/** Score at or above which a page is dangerous / deserves caution. See ./README.md. */
export const DANGER_AT = 60;
export const CAUTION_AT = 30;
export const SCORE_MAX = 100;

export function levelFor(score: number): Level {
  if (score >= DANGER_AT) return 'danger';
  if (score >= CAUTION_AT) return 'caution';
  return 'none';
}
