import { z } from '../zod';
import { SIGNALS, type SignalId } from '../signals/signal-catalog';
import { SCORE_MAX, type ScoringWeights } from './score';

const SIGNAL_IDS = Object.keys(SIGNALS) as [SignalId, ...SignalId[]];

/**
 * Schema of src/data/scoring/weights.json (written by `npm run fit-weights`): checked when the
 * engine's data is prepared (at build time for the extension, at start for the CLI).
 */
const ThresholdsSchema = z.strictObject({ danger: z.number().check(z.int(), z.gt(0), z.lte(SCORE_MAX)), caution: z.number().check(z.int(), z.gt(0)) });
const WeightsSchema = z.record(z.enum(SIGNAL_IDS), z.number().check(z.int(), z.gte(-SCORE_MAX), z.lte(SCORE_MAX)));
/** The scoring model's numbers: risk signals never lower the score and trust signals never raise it. */
export const ScoringWeightsSchema = z.object({ thresholds: ThresholdsSchema, weights: WeightsSchema }).check(
  z.superRefine((w: ScoringWeights, ctx) => {
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
  }),
);

/** How the weights were fitted: kept with them in the data file, for a reviewer (not used to score). */
export const FitProvenanceSchema = z.looseObject({
  method: z.string(),
  command: z.string(),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  trainingSet: z.optional(z.string()),
  /** SHA-256 of the training manifest and every page it names, in order: the data the fit saw. */
  trainingSetSha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  pages: z.optional(z.number().check(z.int(), z.gte(0))),
  pagesFitted: z.optional(z.number().check(z.int(), z.gte(0))),
});

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
