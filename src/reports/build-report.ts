/**
 * Turns what the extension knows about a tab (its verdict) and what the user chose (category,
 * note, screenshot or not) into a report, validated with the report schema. Pure: the caller
 * passes the id, the clock and the versions. What this returns is exactly what is shown, saved,
 * copied or sent.
 */
import { normalizeHost } from '../core/domain/normalize-host';
import type { Verdict } from '../core/verdict';
import {
  MAX_EVIDENCE_PER_REASON,
  MAX_NOTE_CHARS,
  MAX_REASONS,
  MAX_TEXT_CHARS,
  type ParseReportResult,
  parseReport,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportCategory,
} from './report-schema';

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

/** The domain a report names: the registrable domain of the page (`shop.bad.com` → `bad.com`), or the host itself. */
export function reportDomain(url: string): string | null {
  const h = normalizeHost(url);
  if (!h || h.isIp) return null;
  return h.domain ?? h.host;
}

export function buildReport(i: ReportInput): ParseReportResult {
  const domain = reportDomain(i.url);
  const v = i.verdict;
  const report: Record<string, unknown> = {
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
    extensionVersion: i.extensionVersion,
    listVersions: i.listVersions,
  };
  if (v?.listMatch) report.listMatch = v.listMatch;
  if (i.screenshot) report.screenshot = i.screenshot;
  return parseReport(report);
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
