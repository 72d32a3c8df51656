/**
 * The report schema as JSON Schema (draft 2020-12), for people and tools outside TypeScript.
 * scripts/generate-report-schema.ts writes it to src/reports/report.schema.json, and
 * report-schema.test.ts checks that the committed file is what this produces.
 *
 * `io: 'input'`: describes what a sender may send (objects that RxRadar strips of unknown keys
 * are open; the report itself and its verdict are closed). Refinements that JSON Schema cannot
 * say (the domain belongs to the url, a screenshot's size and image signature) are checked only
 * by parseReport.
 */
import { fileURLToPath } from 'node:url';
import { z } from '../core/zod';
import { ReportSchema } from './report-schema';

export const REPORT_JSON_SCHEMA_PATH = fileURLToPath(new URL('./report.schema.json', import.meta.url));

/** The file's exact text: pretty printed, two spaces, trailing newline. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'input' }), null, 2)}\n`;
}
