/**
 * What a public source supports: the confidences a researcher or list maintainer asserts
 * (`list add`, the researcher tools). Plain data, so the options page can offer them without the
 * list schema (list-schema.ts builds its enums from these).
 */
export const SOURCE_CONFIDENCES = ['authority', 'corroborated', 'inferred'] as const;
export type SourceConfidence = (typeof SOURCE_CONFIDENCES)[number];
