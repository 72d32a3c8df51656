/**
 * Writes src/reports/report.schema.json from the zod schema in src/reports/report-schema.ts.
 * Run after changing the schema: `npx tsx scripts/generate-report-schema.ts` (or `--check` to
 * only compare; exit 1 when the file is out of date). src/reports/report-schema.test.ts fails
 * when the committed file drifts.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { REPORT_JSON_SCHEMA_PATH, reportJsonSchemaText } from '../src/reports/report-json-schema';

const text = reportJsonSchemaText();
let current: string | null = null;
try {
  current = readFileSync(REPORT_JSON_SCHEMA_PATH, 'utf8');
} catch {
  current = null;
}

if (process.argv.includes('--check')) {
  if (current !== text) {
    process.stderr.write(`${REPORT_JSON_SCHEMA_PATH}: out of date; run npx tsx scripts/generate-report-schema.ts\n`);
    process.exitCode = 1;
  } else process.stdout.write(`${REPORT_JSON_SCHEMA_PATH}: up to date\n`);
} else if (current === text) {
  process.stdout.write(`${REPORT_JSON_SCHEMA_PATH}: unchanged\n`);
} else {
  const tmp = `${REPORT_JSON_SCHEMA_PATH}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, REPORT_JSON_SCHEMA_PATH);
  process.stdout.write(`${REPORT_JSON_SCHEMA_PATH}: written\n`);
}
