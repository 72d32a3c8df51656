/**
 * `rxradar scan ... | rxradar reports draft`: flagged scan results become report drafts in the
 * report format (src/reports/report-schema.ts, validated by buildReport), with the verdict's
 * reasons and evidence, ready for review or for the intake server. Nothing is sent.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { buildReport } from '../../reports/build-report';
import type { Report } from '../../reports/report-schema';
import { COMMUNITY_LIST_META } from '../../data/bundled-data';
import { fsProblem, InputError } from '../cli-io';
import { type FlagLevel, flaggedPages } from './scan-results';

/** Scan output read at once is limited to this (a larger one: split it, e.g. per WARC file). */
export const MAX_RESULTS_BYTES = 256 * 1024 * 1024;

export interface DraftOptions {
  /** A results file, or `-` for stdin. */
  input: string;
  stdin?: Readable;
  level: FlagLevel;
  note: string;
  now?: Date;
  newId?: () => string;
}

async function readInput(input: string, stdin: Readable | undefined): Promise<string> {
  if (input !== '-') {
    try {
      return await readFile(input, 'utf8');
    } catch (err) {
      throw new InputError(`${input}: ${fsProblem(err)}`);
    }
  }
  if (!stdin) throw new InputError('reports draft: no standard input to read');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_RESULTS_BYTES) throw new InputError(`stdin: more than ${MAX_RESULTS_BYTES / (1024 * 1024)} MB of results; draft them in parts`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function draftReports(opts: DraftOptions): Promise<{ reports: Report[]; problems: string[] }> {
  const label = opts.input === '-' ? 'stdin' : opts.input;
  const { pages, problems } = flaggedPages(await readInput(opts.input, opts.stdin), label, opts.level);
  const reports: Report[] = [];
  for (const p of pages) {
    const r = p.result;
    const version = /(\d+(?:\.\d+){0,3})/.exec(r.engine ?? '')?.[1] ?? '0.0.0';
    const built = buildReport({
      reportId: (opts.newId ?? randomUUID)(),
      url: r.url,
      verdict: r,
      category: r.reasons.some((x) => x.id === 'precursor-offer') ? 'precursor-seller' : 'rogue-pharmacy',
      note: opts.note || `Found by rxradar scan${r.id ? ` (record ${r.id})` : ''}.`,
      time: opts.now ?? new Date(),
      extensionVersion: version,
      // Results scanned without the community list say so with null; the report format wants a date.
      listVersions: { authority: r.lists?.authority ?? '', community: r.lists?.community ?? COMMUNITY_LIST_META.date },
    });
    if (built.ok) reports.push(built.report);
    else problems.push(`${label}:${p.line}: cannot make a report (${built.error})`);
  }
  return { reports, problems };
}
