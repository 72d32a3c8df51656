/**
 * Turns what the extension knows about a tab (its verdict) and what the user chose (category,
 * note, screenshot or not) into a report, validated with the report schema. Pure: the caller
 * passes the id, the clock and the versions. What this returns is exactly what is shown, saved,
 * copied or sent.
 */
import { normalizeHost } from '../core/domain/normalize-host';
import { type ParseReportResult, parseReport } from './report-schema';
import { assembleReport, type ReportInput } from './report-text';

export { assembleReport, type ReportInput, reportFileName, reportFileText, reportPreviewText } from './report-text';

/** The domain a report names: the registrable domain of the page (`shop.bad.com` → `bad.com`), or the host itself. */
export function reportDomain(url: string): string | null {
  const h = normalizeHost(url);
  if (!h || h.isIp) return null;
  return h.domain ?? h.host;
}

export function buildReport(i: ReportInput): ParseReportResult {
  return parseReport(assembleReport(i, reportDomain(i.url)));
}
