/**
 * The maintainer's side of site reports (issue 5): `reports list|show|accept|reject` over the
 * intake server's SQLite file (src/node/report-store.ts). The main CLI parses arguments and
 * prints; these functions do the work, return plain objects (ready for JSON output), and throw
 * InputError (src/cli/scan-batch.ts) with one line naming the input for anything the user can fix.
 *
 * Accepting a report writes a list entry for its domain into a list file in the project's format
 * (src/core/lists/list-schema.ts), with `confidence: "reviewed"`, the public source the
 * maintainer checked (`sourceUrl`), and the report's evidence summarised. The file stays sorted by
 * entry and valid. The domain passes the same checks as `list add` (list-checks.ts): known
 * pharmacies and popular legitimate sites are never listed, nor a domain already covered by the
 * list or the authority list (patterns included). False-alarm reports are never listed, and the
 * bundled authority list (FDA/DEA-named sites only) is never written.
 */
import { listDay } from '../../core/lists/list-day';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from '../../core/zod';
import { checkListEntry } from '../../core/lists/bulk-input';
import { domainEntryProblem, type KnownPharmacy, type ListEntry, ListEntrySchema } from '../../core/lists/list-schema';
import { parseReport, type Report, type ReportCategory } from '../../reports/report-schema';
import {
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  type ReportListRow,
  type ReportStatus,
  ReportStore,
  ReportStoreError,
  type StoredReport,
} from '../../node/report-store';
import { InputError, quote } from '../scan-batch';
import { listTextWith, openListFile, writeFileAtomic } from '../list-files';
import { BUNDLED_KNOWN, entryChecks } from './list-checks';

/** The bundled authority list: never written by `accept`. */
export const AUTHORITY_LIST_PATH = fileURLToPath(new URL('../../data/lists/authority.json', import.meta.url));

const NEW_LIST_NAME = 'RxRadar reviewed reports';
const NEW_LIST_DESCRIPTION =
  'Sites reported by RxRadar users and confirmed by a maintainer against public evidence (sourceUrl). Each entry names its report; confidence "reviewed".';
const MAX_EVIDENCE_LINES = 8;
const MAX_QUOTES_PER_REASON = 3;
const MAX_QUOTE_CHARS = 200;

const UUID = z.uuid();
const SourceUrl = z.url({ protocol: /^https?$/ });

function openStore(db: string): ReportStore {
  if (typeof db !== 'string' || db === '') throw new InputError('--db: missing database file');
  try {
    return ReportStore.open(db, { mustExist: true });
  } catch (err) {
    if (err instanceof ReportStoreError) throw new InputError(err.message);
    throw err;
  }
}

function withStore<T>(db: string, f: (store: ReportStore) => T): T {
  const store = openStore(db);
  try {
    return f(store);
  } catch (err) {
    if (err instanceof ReportStoreError) throw new InputError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw new InputError('missing report id');
  if (!UUID.safeParse(id.toLowerCase()).success) throw new InputError(`report ${quote(id)}: not a report id (expected a UUID)`);
  return id.toLowerCase();
}

function getReport(store: ReportStore, id: string): StoredReport {
  const found = store.get(id);
  if (!found) throw new InputError(`report ${id}: not found in ${store.file}`);
  return found;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${flag} ${quote(value)}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

// ---------------------------------------------------------------------------------------------
// list, show

export interface ListReportsOptions {
  db: string;
  status?: string;
  category?: string;
  /** At most this many, newest first (default 1000). */
  limit?: number;
}

/** Reports in the database, newest first, optionally only one status and/or category. */
export async function listReports(o: ListReportsOptions): Promise<ReportListRow[]> {
  const status = oneOf<ReportStatus>('--status', o.status, REPORT_STATUSES);
  const category = oneOf<ReportCategory>('--category', o.category, REPORT_CATEGORIES);
  if (o.limit !== undefined && (!Number.isInteger(o.limit) || o.limit < 1))
    throw new InputError(`--limit ${quote(String(o.limit))}: expected a whole number of at least 1`);
  return withStore(o.db, (store) => store.list({ status, category, limit: o.limit }));
}

export interface ShowReportOptions {
  db: string;
  id: string;
}

/** One report with its review status, as stored. */
export async function showReport(o: ShowReportOptions): Promise<StoredReport> {
  const id = checkId(o.id);
  return withStore(o.db, (store) => getReport(store, id));
}

// ---------------------------------------------------------------------------------------------
// accept

export interface AcceptReportOptions {
  db: string;
  id: string;
  /** The list file to add the entry to (created, with a name and description, when missing). */
  list: string;
  /** The public evidence the maintainer checked: required, http(s). */
  sourceUrl: string;
  /** Default: src/data/lists/known-pharmacies.json. */
  knownPharmacies?: readonly KnownPharmacy[];
  /** Default: src/data/lists/popular-sites.json. */
  popularSites?: readonly string[];
  now?: () => Date;
}

export interface AcceptResult {
  id: string;
  domain: string;
  category: ReportCategory;
  status: 'accepted';
  previousStatus: ReportStatus;
  /** Absolute path of the list file written. */
  list: string;
  listCreated: boolean;
  entry: ListEntry;
}

function clipText(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The report's evidence in a few lines for the list entry: the verdict, then the strongest signals with their quotes. */
export function summariseEvidence(report: Report): string[] {
  const host = new URL(report.url).hostname;
  const lines = [
    `Reported page on ${host}: verdict ${report.verdict.level}, score ${report.verdict.score} (RxRadar ${report.extensionVersion}, report of ${report.time.slice(0, 10)})`,
  ];
  if (report.listMatch)
    lines.push(`Already matched the ${report.listMatch.tier} list as ${report.listMatch.entry}: ${clipText(report.listMatch.source, MAX_QUOTE_CHARS)}`);
  const signals = report.verdict.reasons
    .filter((r) => (r.kind === 'risk' || r.kind === 'list') && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
  for (const r of signals) {
    if (lines.length >= MAX_EVIDENCE_LINES) break;
    const quotes = r.evidence
      .map((q) => clipText(q, MAX_QUOTE_CHARS))
      .filter((q) => q !== '')
      .slice(0, MAX_QUOTES_PER_REASON)
      .map((q) => JSON.stringify(q));
    lines.push(quotes.length ? `${clipText(r.label, MAX_QUOTE_CHARS)}: ${quotes.join(', ')}` : clipText(r.label, MAX_QUOTE_CHARS));
  }
  return lines;
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Accepts a report: adds a `reviewed` entry for its domain to the list file (sorted, validated,
 * written atomically) and marks the report accepted. Refuses false-alarm reports, known
 * pharmacies, domains the list (or the authority list) already covers, and the authority list
 * file itself.
 */
export async function acceptReport(o: AcceptReportOptions): Promise<AcceptResult> {
  const id = checkId(o.id);
  if (typeof o.sourceUrl !== 'string' || o.sourceUrl === '') {
    throw new InputError('--source-url is required: the public page the maintainer checked (an FDA letter, a news report, an archived copy of the site)');
  }
  if (!SourceUrl.safeParse(o.sourceUrl).success) throw new InputError(`--source-url ${quote(o.sourceUrl)}: expected an http(s) URL`);
  if (typeof o.list !== 'string' || o.list === '') throw new InputError('--list: missing list file');
  const listPath = resolve(o.list);
  if (samePath(listPath, AUTHORITY_LIST_PATH)) {
    throw new InputError(`${o.list}: the authority list holds only sites named by the FDA or DEA; write reviewed reports to another list file`);
  }
  const now = (o.now ?? (() => new Date()))();
  const today = listDay(now);
  const known = o.knownPharmacies ?? BUNDLED_KNOWN;

  const store = openStore(o.db);
  try {
    const stored = getReport(store, id);
    if (stored.status === 'accepted') throw new InputError(`report ${id}: already accepted`);
    const check = parseReport(stored.report);
    if (!check.ok) throw new InputError(`report ${id}: stored report is not valid (${check.error})`);
    const report = check.report;
    if (report.category === 'false-alarm') {
      throw new InputError(
        `report ${id}: a false-alarm report (the user says ${report.domain} was wrongly flagged); it cannot become a list entry — reject it or fix the lists by hand`,
      );
    }
    const domain = report.domain;
    const problem = domainEntryProblem(domain);
    if (problem) throw new InputError(`report ${id}: domain ${quote(domain)} ${problem}`);
    const list = await openListFile(listPath, {
      knownPharmacies: known,
      folderMustExist: true,
      newList: () => ({ name: NEW_LIST_NAME, description: NEW_LIST_DESCRIPTION, updated: today }),
    });
    const listEntries = list.entries.map((e) => e.entry).filter((e): e is string => typeof e === 'string');
    const decision = checkListEntry(
      domain,
      entryChecks({ listEntries, listLabel: o.list, knownPharmacies: known, ...(o.popularSites ? { popularSites: o.popularSites } : {}) }),
    );
    if (decision.status === 'refused') {
      const c = decision.conflict;
      const pharmacy = c.kind === 'known-pharmacy' ? known.find((k) => k.domain === c.pharmacy) : undefined;
      if (pharmacy)
        throw new InputError(`report ${id}: ${domain} is a known pharmacy (${pharmacy.name}, ${pharmacy.domain} in known-pharmacies.json); it is never listed`);
      throw new InputError(`report ${id}: ${decision.problem}`);
    }
    if (decision.status === 'listed') {
      const where = decision.listed.list === 'authority' ? 'on the authority list' : `in ${o.list}`;
      throw new InputError(`report ${id}: ${domain} is already ${where} (entry ${decision.listed.entry})`);
    }

    const entry: ListEntry = {
      entry: domain,
      source: `RxRadar report ${id} reviewed by a maintainer (${report.category})`,
      sourceUrl: o.sourceUrl,
      date: today,
      confidence: 'reviewed',
      evidence: summariseEvidence(report),
    };
    const checked = ListEntrySchema.safeParse(entry);
    if (!checked.success) throw new InputError(`report ${id}: cannot make a valid list entry (${checked.error.issues[0]?.message ?? 'invalid'})`);

    // Merged, sorted, dated, checked with the same schema and lint as `list add` (list-files.ts).
    const text = listTextWith(list, [entry as unknown as Record<string, unknown>], { file: listPath, now, today, knownPharmacies: known });

    // Claim the report first (a second maintainer accepting the same report at once gets an
    // error), then write the list; if the write fails, the report goes back to its status.
    const previousStatus = stored.status;
    if (!store.setStatus(id, 'accepted', [previousStatus])) throw new InputError(`report ${id}: its status changed meanwhile; try again`);
    try {
      await writeFileAtomic(listPath, text);
    } catch (err) {
      store.setStatus(id, previousStatus, ['accepted']);
      throw err;
    }
    return { id, domain, category: report.category, status: 'accepted', previousStatus, list: listPath, listCreated: list.created, entry };
  } catch (err) {
    if (err instanceof ReportStoreError) throw new InputError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// reject

export interface RejectReportOptions {
  db: string;
  id: string;
}

export interface RejectResult {
  id: string;
  domain: string;
  category: ReportCategory;
  status: 'rejected';
  previousStatus: ReportStatus;
}

/** Marks a new report rejected. An accepted report has a list entry: remove that by hand first. */
export async function rejectReport(o: RejectReportOptions): Promise<RejectResult> {
  const id = checkId(o.id);
  return withStore(o.db, (store) => {
    const stored = getReport(store, id);
    if (stored.status === 'rejected') throw new InputError(`report ${id}: already rejected`);
    if (stored.status === 'accepted') throw new InputError(`report ${id}: already accepted (its list entry for ${stored.domain} stays until removed by hand)`);
    if (!store.setStatus(id, 'rejected', ['new'])) throw new InputError(`report ${id}: its status changed meanwhile; try again`);
    return { id, domain: stored.domain, category: stored.category, status: 'rejected', previousStatus: stored.status };
  });
}
