/**
 * Reading `rxradar scan` output (JSON lines) back: the pages flagged at or above a level, for
 * `list add --from results.jsonl --level danger` and `reports draft`. A line that is not a scan
 * result is reported by line number; the rest are read.
 */
import { normalizeHost } from '../../core/domain/normalize-host';
import type { Verdict } from '../../core/verdict';

export type FlagLevel = 'caution' | 'danger';
const RANK = { none: 0, caution: 1, danger: 2 } as const;

export interface ScanResult extends Verdict {
  id?: string;
  engine?: string;
  lists?: { authority: string; community: string | null };
}

export interface FlaggedPage {
  line: number;
  result: ScanResult;
  /** Host of the page (normalised) and its registrable domain. */
  host: string;
  domain: string;
}

/** Parses scan output; keeps the results at or above `minLevel`, in order. */
export function flaggedPages(text: string, label: string, minLevel: FlagLevel): { pages: FlaggedPage[]; problems: string[] } {
  const pages: FlaggedPage[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const where = `${label}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push(`${where}: not a JSON line`);
      continue;
    }
    const r = value as Partial<ScanResult> | null;
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r.url !== 'string' ||
      !(r.level === 'none' || r.level === 'caution' || r.level === 'danger') ||
      !Array.isArray(r.reasons)
    ) {
      problems.push(`${where}: not an rxradar scan result (needs url, level and reasons)`);
      continue;
    }
    if (RANK[r.level] < RANK[minLevel]) continue;
    const h = normalizeHost(r.url);
    if (!h) {
      problems.push(`${where}: no usable host in ${JSON.stringify(r.url).slice(0, 200)}`);
      continue;
    }
    pages.push({ line: i + 1, result: r as ScanResult, host: h.host, domain: h.domain ?? h.host });
  }
  return { pages, problems };
}

/** The evidence a verdict quotes, as list-entry evidence: "label: quoted text", at most `max`. */
export function evidenceOf(result: ScanResult, max = 20): string[] {
  const out: string[] = [];
  for (const reason of result.reasons) {
    if (reason.kind !== 'risk' && reason.kind !== 'list') continue;
    const quoted = reason.evidence
      .slice(0, 5)
      .map((e) => `"${e}"`)
      .join(', ');
    out.push(`${reason.label}${quoted ? `: ${quoted}` : ''}`.slice(0, 2000));
    if (out.length >= max) break;
  }
  return out;
}
