/**
 * A report as the report page assembles and shows it: the fields from what the extension knows
 * about the tab (its verdict) and what the user chose (category, note, screenshot or not), bounded
 * as the schema bounds them, and its text as a file or a preview. Pure and free of the schema
 * library: the report page runs it on every change; the background validates the result
 * (build-report.ts: parseReport), and only a validated report is saved, copied or sent.
 */
import type { Verdict } from '../core/verdict';
import { MAX_EVIDENCE_PER_REASON, MAX_NOTE_CHARS, MAX_REASONS, MAX_TEXT_CHARS, REPORT_SCHEMA_VERSION } from './report-limits';
import type { Report, ReportCategory } from './report-schema';

export interface ReportInput {
  reportId: string;
  url: string;
  verdict: Verdict | null;
  category: ReportCategory;
  note: string;
  time: Date;
  extensionVersion: string;
  listVersions: Report['listVersions'];
  /** A data: URL of the visible tab, only when the user chose to include it. */
  screenshot?: string | null;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The report's fields, not yet validated (the background checks them: report-schema.ts). `domain`: the registrable domain of the page (build-report.ts: reportDomain), or null. */
export function assembleReport(i: ReportInput, domain: string | null): Report {
  const v = i.verdict;
  // Fields in the schema's order (report-schema.ts), and only its fields: what the page shows
  // before the background's check is then the text of the report it validates (tested).
  const m = v?.listMatch;
  const lv = i.listVersions;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    reportId: i.reportId,
    url: i.url,
    domain: domain ?? '',
    time: i.time.toISOString(),
    category: i.category,
    note: clip(i.note.trim(), MAX_NOTE_CHARS),
    verdict: {
      level: v?.level ?? 'none',
      score: v?.score ?? 0,
      reasons: (v?.reasons ?? []).slice(0, MAX_REASONS).map((r) => ({
        id: r.id,
        label: clip(r.label, MAX_TEXT_CHARS),
        kind: r.kind,
        weight: r.weight,
        evidence: r.evidence.slice(0, MAX_EVIDENCE_PER_REASON).map((e) => clip(e, MAX_TEXT_CHARS)),
      })),
    },
    ...(m
      ? {
          listMatch: {
            tier: m.tier,
            entry: m.entry,
            host: m.host,
            source: m.source,
            ...(m.sourceUrl !== undefined ? { sourceUrl: m.sourceUrl } : {}),
            ...(m.date !== undefined ? { date: m.date } : {}),
            ...(m.confidence !== undefined ? { confidence: m.confidence } : {}),
          },
        }
      : {}),
    extensionVersion: i.extensionVersion,
    listVersions: { authority: lv.authority, community: lv.community, ...(lv.feeds ? { feeds: lv.feeds } : {}) },
    ...(i.screenshot ? { screenshot: i.screenshot } : {}),
  } as Report;
}

/** The report as a file: pretty JSON, one trailing newline. */
export function reportFileText(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A file name that says what it is: `rxradar-report-bad-meds.com-2026-11-22.json`. */
export function reportFileName(report: Report): string {
  return `rxradar-report-${report.domain.replace(/[^a-z0-9.-]/gi, '_')}-${report.time.slice(0, 10)}.json`;
}

/**
 * The report as shown before anything is sent: the same JSON, except that a screenshot (tens of
 * thousands of characters of base64) is replaced by a short placeholder; the image itself is shown
 * next to it.
 */
export function reportPreviewText(report: Report, screenshotPlaceholder: (chars: number) => string): string {
  if (!report.screenshot) return reportFileText(report);
  return reportFileText({ ...report, screenshot: screenshotPlaceholder(report.screenshot.length) });
}
