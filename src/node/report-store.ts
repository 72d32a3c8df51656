/**
 * Where the intake server keeps reports: one SQLite file, shared with the maintainer's CLI
 * (src/cli/commands/reports.ts).
 *
 * Why better-sqlite3 (and not sql.js): it is real SQLite on disk. Each report is one durable
 * INSERT (WAL journal, synchronous=FULL) and readers (the CLI) can open the same file while the
 * server runs. sql.js keeps the whole database in memory and must rewrite the whole file after
 * every write; with screenshots of up to 2 MB per report that grows without bound.
 *
 * How it installs on a clean clone: better-sqlite3's install script is
 * `prebuild-install || node-gyp rebuild --release`. The prebuilt download cannot be fetched here
 * (no network but the npm registry), so it builds SQLite from source with node-gyp against the
 * machine's Node headers (make, g++ and python3 are on every machine of this project; npm's
 * `nodedir` points node-gyp at the installed headers, so nothing else is downloaded). package.json
 * approves that script explicitly (`"allowScripts": {"better-sqlite3": true}`, written by
 * `npm install-scripts approve better-sqlite3`), so `npm ci` runs it without a warning today and
 * still runs it under `--strict-allow-scripts` or a future npm that blocks unapproved scripts.
 * The entry is by name, not `better-sqlite3@12.9.0`: the lockfile here has no `resolved` URLs
 * (omit-lockfile-registry-resolved), and npm only matches a pinned entry against a resolved URL.
 * The build takes about a minute on two cores.
 */
import Database from 'better-sqlite3';
import { type Report, ReportCategorySchema, type ReportCategory } from '../reports/report-schema';

export const REPORT_STATUSES = ['new', 'accepted', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_CATEGORIES: readonly ReportCategory[] = ReportCategorySchema.options;

/** A problem with the database file, in one line that names it. */
export class ReportStoreError extends Error {
  constructor(message: string) {
    super(message.replace(/\s+/g, ' ').trim());
    this.name = 'ReportStoreError';
  }
}

export interface ReportRow {
  id: string;
  receivedAt: string;
  domain: string;
  category: ReportCategory;
  status: ReportStatus;
}

export interface ReportListRow extends ReportRow {
  url: string;
  /** The verdict level the extension showed (danger, caution, none). */
  level: string;
}

export interface StoredReport extends ReportRow {
  /** The report as received (validated then). */
  report: Report;
}

export interface ListFilter {
  status?: ReportStatus;
  category?: ReportCategory;
  /** Newest first; at most this many (default 1000). */
  limit?: number;
}

export interface OpenOptions {
  /** Open an existing database only (the CLI): a missing file is an error instead of a new database. */
  mustExist?: boolean;
  readonly?: boolean;
  /**
   * A hard limit on the database's size: SQLite refuses to grow the file past it (SQLITE_FULL, as
   * on a full disk). The intake server's storage quota refuses reports before this is reached.
   */
  maxBytes?: number;
}

const SCHEMA_VERSION = 1;

const CREATE = `
CREATE TABLE IF NOT EXISTS reports (
  id          TEXT PRIMARY KEY,
  received_at TEXT NOT NULL,
  domain      TEXT NOT NULL,
  category    TEXT NOT NULL CHECK (category IN ('rogue-pharmacy', 'precursor-seller', 'false-alarm')),
  status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'rejected')),
  json        TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS reports_by_status ON reports (status, received_at);
`;

interface DbRow {
  id: string;
  received_at: string;
  domain: string;
  category: ReportCategory;
  status: ReportStatus;
  json?: string;
}

function sqliteProblem(err: unknown): string {
  const code = (err as { code?: string } | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'SQLITE_NOTADB':
      return 'not a SQLite database';
    case 'SQLITE_CANTOPEN':
      return 'cannot open the file';
    case 'SQLITE_READONLY':
      return 'the database is read-only';
    case 'SQLITE_BUSY':
      return 'the database is busy (locked by another process)';
    case 'SQLITE_FULL':
      return 'the disk is full';
    case 'SQLITE_CORRUPT':
      return 'the database file is damaged';
    default:
      return code ? `${message} (${code})` : message;
  }
}

export class ReportStore {
  private readonly db: Database.Database;
  private closed = false;

  private constructor(
    readonly file: string,
    db: Database.Database,
  ) {
    this.db = db;
  }

  /** Opens (and, unless mustExist or readonly, creates) the database. Throws ReportStoreError naming the file. */
  static open(file: string, options: OpenOptions = {}): ReportStore {
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? options.readonly ?? false });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/directory does not exist/i.test(msg)) throw new ReportStoreError(`${file}: the folder does not exist`);
      if ((err as { code?: string }).code === 'SQLITE_CANTOPEN' && (options.mustExist || options.readonly)) {
        throw new ReportStoreError(`${file}: no such database file`);
      }
      throw new ReportStoreError(`${file}: ${sqliteProblem(err)}`);
    }
    try {
      db.pragma('busy_timeout = 5000');
      if (!options.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
      }
      if (options.maxBytes !== undefined) {
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
      }
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports'").get() !== undefined;
      if (!hasTable) {
        if (options.mustExist || options.readonly) throw new ReportStoreError(`${file}: not an RxRadar reports database (it has no reports table)`);
        db.exec(CREATE);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      } else {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version !== SCHEMA_VERSION)
          throw new ReportStoreError(`${file}: reports database of version ${version}; this RxRadar reads version ${SCHEMA_VERSION}`);
      }
    } catch (err) {
      db.close();
      if (err instanceof ReportStoreError) throw err;
      throw new ReportStoreError(`${file}: ${sqliteProblem(err)}`);
    }
    return new ReportStore(file, db);
  }

  private run<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      throw new ReportStoreError(`${this.file}: cannot ${what}: ${sqliteProblem(err)}`);
    }
  }

  /** Stores a validated report once (ids compared in lower case): a second report with the same id changes nothing. */
  insert(report: Report, receivedAt: Date): 'stored' | 'duplicate' {
    return this.run('store the report', () => {
      const info = this.db
        .prepare('INSERT INTO reports (id, received_at, domain, category, status, json) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING')
        .run(report.reportId.toLowerCase(), receivedAt.toISOString(), report.domain, report.category, 'new', JSON.stringify(report));
      return info.changes === 1 ? 'stored' : 'duplicate';
    });
  }

  /** Whether a report with this id is stored (ids compared in lower case). */
  has(id: string): boolean {
    return this.run('read the report', () => this.db.prepare('SELECT 1 FROM reports WHERE id = ?').get(id.toLowerCase()) !== undefined);
  }

  /** The database's size in bytes (pages in use, free pages included; the WAL file not). */
  sizeBytes(): number {
    return this.run(
      'measure the database',
      () => (this.db.pragma('page_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number),
    );
  }

  get(id: string): StoredReport | undefined {
    const row = this.run('read the report', () => this.db.prepare('SELECT * FROM reports WHERE id = ?').get(id.toLowerCase()) as DbRow | undefined);
    if (!row) return undefined;
    let report: Report;
    try {
      report = JSON.parse(row.json ?? '') as Report;
    } catch {
      throw new ReportStoreError(`${this.file}: report ${id} is stored with unreadable JSON`);
    }
    return { ...toRow(row), report };
  }

  /** Rows with the page address and verdict level, newest first. */
  list(filter: ListFilter = {}): ReportListRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.category) {
      where.push('category = ?');
      args.push(filter.category);
    }
    const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
    const sql =
      "SELECT id, received_at, domain, category, status, json_extract(json, '$.url') AS url, json_extract(json, '$.verdict.level') AS level" +
      ` FROM reports${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at DESC, id LIMIT ${limit}`;
    return this.run('list reports', () =>
      (this.db.prepare(sql).all(...args) as Array<DbRow & { url: string; level: string }>).map((r) => ({ ...toRow(r), url: r.url, level: r.level })),
    );
  }

  /** Changes a report's status when it is one of `from`. Returns false when the report is missing or in another status. */
  setStatus(id: string, status: ReportStatus, from: readonly ReportStatus[]): boolean {
    return this.run('change the status', () => {
      const marks = from.map(() => '?').join(', ');
      const info = this.db.prepare(`UPDATE reports SET status = ? WHERE id = ? AND status IN (${marks})`).run(status, id.toLowerCase(), ...from);
      return info.changes === 1;
    });
  }

  count(): number {
    return this.run('count reports', () => (this.db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

function toRow(r: DbRow): ReportRow {
  return { id: r.id, receivedAt: r.received_at, domain: r.domain, category: r.category, status: r.status };
}
