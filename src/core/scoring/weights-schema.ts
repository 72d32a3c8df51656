import { z } from 'zod';
import { SIGNALS, type SignalId } from '../signals/signal-catalog';
import { SCORE_MAX, type ScoringWeights } from './score';

const SIGNAL_IDS = Object.keys(SIGNALS) as [SignalId, ...SignalId[]];

/**
 * Schema of src/data/scoring/weights.json (written by `npm run fit-weights`): checked when the
 * engine's data is prepared (at build time for the extension, at start for the CLI).
 */
const ThresholdsSchema = z.object({ danger: z.number().int().positive().max(SCORE_MAX), caution: z.number().int().positive() }).strict();
const WeightsSchema = z.record(z.enum(SIGNAL_IDS), z.number().int().min(-SCORE_MAX).max(SCORE_MAX));
/** The scoring model's numbers: risk signals never lower the score and trust signals never raise it. */
export const ScoringWeightsSchema = z.object({ thresholds: ThresholdsSchema, weights: WeightsSchema }).superRefine((w: ScoringWeights, ctx) => {
  if (w.thresholds.caution >= w.thresholds.danger) ctx.addIssue({ code: 'custom', path: ['thresholds'], message: 'caution must be below danger' });
  for (const id of SIGNAL_IDS) {
    const points = w.weights[id];
    if (SIGNALS[id].kind === 'risk' ? points < 0 : points > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['weights', id],
        message: `a ${SIGNALS[id].kind} signal's weight must be ${SIGNALS[id].kind === 'risk' ? '>= 0' : '<= 0'}`,
      });
    }
  }
});

/** How the weights were fitted: kept with them in the data file, for a reviewer (not used to score). */
export const FitProvenanceSchema = z
  .object({
    method: z.string(),
    command: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    trainingSet: z.string().optional(),
    /** SHA-256 of the training manifest and every page it names, in order: the data the fit saw. */
    trainingSetSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    pages: z.number().int().nonnegative().optional(),
    pagesFitted: z.number().int().nonnegative().optional(),
  })
  .passthrough();

/** The weights file: the model, and how it was made. */
export const WeightsFileSchema = z.object({
  thresholds: ThresholdsSchema,
  weights: WeightsSchema,
  fit: FitProvenanceSchema,
});

/** Validates the weights file (throws on the first problem) into the numbers the engine scores with. */
export function parseScoringWeights(data: unknown): ScoringWeights {
  const file = WeightsFileSchema.parse(data);
  return ScoringWeightsSchema.parse({ thresholds: file.thresholds, weights: file.weights });
}
