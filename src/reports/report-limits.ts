/**
 * The report schema's version and bounds, as plain values: the report page assembles and shows a
 * report with them without the schema library (the background validates: report-schema.ts).
 */

export const REPORT_SCHEMA_VERSION = 1;

export const MAX_NOTE_CHARS = 2000;
export const MAX_URL_CHARS = 2048;
/** Decoded size of a screenshot image. */
export const MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024;
/** The longest data: URL a screenshot of MAX_SCREENSHOT_BYTES can take. */
export const MAX_SCREENSHOT_CHARS = 'data:image/jpeg;base64,'.length + 4 * Math.ceil(MAX_SCREENSHOT_BYTES / 3);
/** Generous bounds on what the engine produces, so that a report stays a reasonable size. */
export const MAX_REASONS = 200;
export const MAX_EVIDENCE_PER_REASON = 50;
export const MAX_TEXT_CHARS = 2000;

/** What a report is about. */
export const REPORT_CATEGORIES = ['rogue-pharmacy', 'precursor-seller', 'false-alarm'] as const;
