/**
 * `rxradar reports list|show|accept|reject`: the maintainer's review of reports received by the
 * intake server (`npm run reports:serve`). Argument handling only; the work is in reports.ts.
 */
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { InputError, writeLine } from '../scan-batch';
import { UsageError } from '../../node/run-command';
import { acceptReport, listReports, rejectReport, showReport } from './reports';

export const REPORTS_USAGE = `Usage:
  rxradar reports list --db FILE [--status new|accepted|rejected] [--category C] [--limit N]
        One JSON line per report, newest first.
  rxradar reports show ID --db FILE
        The report as received, with its review status.
  rxradar reports accept ID --db FILE --list LISTFILE --source-url URL
        Adds the report's domain to LISTFILE (project list format) with its source and evidence.
  rxradar reports reject ID --db FILE
  rxradar reports draft [RESULTS.jsonl | -] [--level danger|caution] [--note TEXT]
        Turns flagged \`rxradar scan\` results (default: stdin, danger only) into report drafts
        in the report format (src/reports/report.schema.json), evidence included: one JSON line
        each, to review and then post to the intake server. Category: precursor-seller when the
        page offers precursor chemicals, else rogue-pharmacy.
`;

/** Bad `reports` arguments: reported with the `reports` usage text. */
export class ReportsUsageError extends UsageError {
  constructor(message: string) {
    super(message, REPORTS_USAGE);
  }
}

export async function runReportsCommand(argv: string[], io: { stdout: Writable; stderr: Writable; stdin?: Readable }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        status: { type: 'string' },
        category: { type: 'string' },
        limit: { type: 'string' },
        list: { type: 'string' },
        'source-url': { type: 'string' },
        level: { type: 'string' },
        note: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new ReportsUsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(REPORTS_USAGE);
    return 0;
  }
  const [sub, id, ...rest] = positionals;
  if (rest.length > 0) throw new ReportsUsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (sub === 'draft') {
    if (values.db !== undefined || values.list !== undefined || values['source-url'] !== undefined)
      throw new ReportsUsageError('reports draft takes no --db, --list or --source-url');
    const level = values.level ?? 'danger';
    if (level !== 'danger' && level !== 'caution') throw new ReportsUsageError('--level must be danger or caution');
    const { draftReports } = await import('./report-drafts');
    try {
      const r = await draftReports({ input: id ?? '-', stdin: io.stdin, level, note: values.note ?? '' });
      for (const report of r.reports) await writeLine(io.stdout, JSON.stringify(report));
      for (const p of r.problems) io.stderr.write(`rxradar: ${p}\n`);
      return r.problems.length > 0 ? 1 : 0;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      io.stderr.write(`rxradar: ${err.message}\n`);
      return 1;
    }
  }
  if (values.level !== undefined || values.note !== undefined) throw new ReportsUsageError('--level and --note are options of reports draft');
  if (!values.db) throw new ReportsUsageError('--db FILE is required');
  const db = values.db;
  const needId = () => {
    if (!id) throw new ReportsUsageError(`reports ${sub} needs a report ID`);
    return id;
  };
  try {
    switch (sub) {
      case 'list': {
        const limit = values.limit === undefined ? undefined : Number(values.limit);
        for (const row of await listReports({ db, status: values.status, category: values.category, limit })) await writeLine(io.stdout, JSON.stringify(row));
        return 0;
      }
      case 'show':
        await writeLine(io.stdout, JSON.stringify(await showReport({ db, id: needId() }), null, 2));
        return 0;
      case 'accept': {
        if (!values.list) throw new ReportsUsageError('reports accept needs --list LISTFILE');
        if (!values['source-url']) throw new ReportsUsageError('reports accept needs --source-url URL (the public evidence you checked)');
        await writeLine(io.stdout, JSON.stringify(await acceptReport({ db, id: needId(), list: values.list, sourceUrl: values['source-url'] })));
        return 0;
      }
      case 'reject':
        await writeLine(io.stdout, JSON.stringify(await rejectReport({ db, id: needId() })));
        return 0;
      default:
        throw new ReportsUsageError(sub ? `unknown reports command ${JSON.stringify(sub)}` : 'reports needs a command');
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr.write(`rxradar: ${err.message}\n`);
    return 1;
  }
}
