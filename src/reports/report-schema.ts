/**
 * A site report: what a user sends about a page (issue 5). The same schema is used by the
 * extension (to build and show the report before anything is sent), by the outgoing queue, and
 * by the intake server (src/server/intake-server.ts). Published as JSON Schema in
 * src/reports/report.schema.json (generated: `npx tsx scripts/generate-report-schema.ts`).
 *
 * Versioned: `schemaVersion` is 1. A change that old readers would misread needs version 2.
 */
import { z } from '../core/zod';
import { domainEntryProblem } from '../core/lists/list-schema';
import { normalizeHost } from '../core/domain/normalize-host';
import { LevelSchema, ListMatchSchema, ReasonSchema } from '../core/verdict';
import {
  MAX_EVIDENCE_PER_REASON,
  MAX_NOTE_CHARS,
  MAX_REASONS,
  MAX_SCREENSHOT_BYTES,
  MAX_SCREENSHOT_CHARS,
  MAX_TEXT_CHARS,
  MAX_URL_CHARS,
  REPORT_CATEGORIES,
  REPORT_SCHEMA_VERSION,
} from './report-limits';

export * from './report-limits';

export const ReportCategorySchema = z.enum(REPORT_CATEGORIES);
export type ReportCategory = z.infer<typeof ReportCategorySchema>;

const ShortText = z.string().check(z.maxLength(MAX_TEXT_CHARS));

/** Same fields as a verdict's reason (src/core/verdict.ts), bounded. */
export const ReportReasonSchema = z.extend(ReasonSchema, {
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  label: ShortText,
  weight: z.number(),
  evidence: z.array(ShortText).check(z.maxLength(MAX_EVIDENCE_PER_REASON)),
});

export const ReportVerdictSchema = z.strictObject({
  level: LevelSchema,
  score: z.number(),
  reasons: z.array(ReportReasonSchema).check(z.maxLength(MAX_REASONS)),
});

const ISO_DATE = z.iso.date();

export const ListVersionsSchema = z.strictObject({
  /** `updated` of the bundled authority list (YYYY-MM-DD). */
  authority: ISO_DATE,
  /** Date of the community list in use (YYYY-MM-DD). */
  community: ISO_DATE,
  /** Subscribed feeds: feed URL → the version (or date) of the copy in use. */
  feeds: z.optional(z.record(z.url({ protocol: /^https?$/ }).check(z.maxLength(MAX_URL_CHARS)), z.string().check(z.minLength(1), z.maxLength(100)))),
});

const SCREENSHOT_PREFIX = /^data:image\/(png|jpeg);base64,/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks a screenshot data: URL: type, base64, decoded size and the image's own signature. */
function screenshotProblem(dataUrl: string): string | null {
  const m = SCREENSHOT_PREFIX.exec(dataUrl);
  if (!m) return 'must be a data:image/png;base64,... or data:image/jpeg;base64,... URL';
  const b64 = dataUrl.slice(m[0].length);
  if (b64.length === 0 || b64.length % 4 !== 0 || !BASE64.test(b64)) return 'is not valid base64';
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const bytes = (b64.length / 4) * 3 - padding;
  if (bytes > MAX_SCREENSHOT_BYTES) return `image too large (${bytes} bytes; at most ${MAX_SCREENSHOT_BYTES})`;
  // atob, not Buffer: this module also runs in the extension.
  const head = Array.from(atob(b64.slice(0, 12)), (c) => c.charCodeAt(0));
  const png = PNG_SIGNATURE.every((b, i) => head[i] === b);
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  if (m[1] === 'png' && !png) return 'says image/png but is not a PNG image';
  if (m[1] === 'jpeg' && !jpeg) return 'says image/jpeg but is not a JPEG image';
  return null;
}

export const ScreenshotSchema = z.string().check(
  z.maxLength(MAX_SCREENSHOT_CHARS),
  z.regex(SCREENSHOT_PREFIX),
  z.superRefine((s, ctx) => {
    const problem = screenshotProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  z.meta({ description: `A PNG or JPEG image of the visible tab as a base64 data: URL, at most ${MAX_SCREENSHOT_BYTES} bytes decoded.` }),
);

export const ReportSchema = z
  .strictObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    /** Made once per report by the reporter (crypto.randomUUID()); the server stores each id once. */
    reportId: z.uuid().check(z.meta({ description: 'Made once per report by the reporter; the intake stores each id once (exactly-once delivery).' })),
    url: z.url({ protocol: /^https?$/ }).check(z.maxLength(MAX_URL_CHARS), z.meta({ description: 'The reported page.' })),
    domain: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(253),
        z.meta({ description: "The page's host or one of its parent domains, normalised (lower case, punycode, no www.)." }),
      ),
    time: z.iso.datetime({ offset: true }).check(z.meta({ description: 'When the report was made (ISO 8601).' })),
    category: ReportCategorySchema,
    note: z.string().check(z.maxLength(MAX_NOTE_CHARS), z.meta({ description: "The user's own words; may be empty." })),
    verdict: ReportVerdictSchema,
    listMatch: z.optional(ListMatchSchema),
    extensionVersion: z
      .string()
      .check(z.regex(/^\d{1,9}(\.\d{1,9}){0,3}$/), z.meta({ description: 'Version of the extension that made the report (manifest version, e.g. 0.1.0).' })),
    listVersions: ListVersionsSchema,
    screenshot: z.optional(ScreenshotSchema),
  })
  .check(
    z.superRefine((r, ctx) => {
      // The domain must be the page's own host or a parent of it, and a site, not a public suffix.
      const problem = domainEntryProblem(r.domain);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: ['domain'], message: `${JSON.stringify(r.domain)} ${problem}` });
        return;
      }
      const host = normalizeHost(r.url)?.host;
      if (host === undefined) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'has no usable host' });
        return;
      }
      if (host !== r.domain && !host.endsWith(`.${r.domain}`)) {
        ctx.addIssue({ code: 'custom', path: ['domain'], message: `${JSON.stringify(r.domain)} is not the host of the url (${host}) or a parent of it` });
      }
    }),
    z.meta({
      title: 'RxRadar site report',
      description: 'A report about a web page, sent by the RxRadar extension to an intake server (POST /v1/reports) or saved as a file. Version 1.',
    }),
  );

export type Report = z.infer<typeof ReportSchema>;

export interface ReportIssue {
  /** Dotted path of the field (`verdict.reasons[0].weight`), or `(report)` for the whole. */
  path: string;
  message: string;
}

export type ParseReportResult =
  | { ok: true; report: Report }
  | {
      ok: false;
      /** One line naming the fields at fault, for a log line or an HTTP error body. */
      error: string;
      issues: ReportIssue[];
    };

const MAX_ISSUES_IN_ERROR = 5;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out === '' ? '(report)' : out;
}

/** Validates anything (parsed JSON, a stored value) as a report. Never throws. */
export function parseReport(value: unknown): ParseReportResult {
  const parsed = ReportSchema.safeParse(value);
  if (parsed.success) return { ok: true, report: parsed.data };
  const issues: ReportIssue[] = parsed.error.issues.map((i) => ({
    path: formatPath(i.path),
    message: i.code === 'invalid_type' && i.message.endsWith('received undefined') ? 'missing' : i.message,
  }));
  const shown = issues.slice(0, MAX_ISSUES_IN_ERROR).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > MAX_ISSUES_IN_ERROR ? ` (and ${issues.length - MAX_ISSUES_IN_ERROR} more)` : '';
  return { ok: false, error: `invalid report: ${shown.join('; ')}${more}`.replace(/\s+/g, ' '), issues };
}
