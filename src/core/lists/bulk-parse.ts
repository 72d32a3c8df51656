/**
 * Reading researchers' input: text (one domain or URL a line; hosts-file lines and # comments
 * understood) or CSV (RFC 4180 quoting; the domain column found by its header or given), each
 * item with its line. Pure.
 */
import { MAX_BULK_CHARS, MAX_BULK_LINES } from './bulk-limits';

export type BulkFormat = 'txt' | 'csv';

/** One item read from the input, before normalisation. */
export interface BulkItem {
  /** 1-based line where the item (its CSV record) starts. */
  line: number;
  input: string;
  /** From a CSV column named `evidence`. */
  evidence?: string;
  /** Set when the line could not even be read (CSV syntax). */
  syntaxProblem?: string;
}

export interface BulkParse {
  format: BulkFormat;
  items: BulkItem[];
  /** CSV: the column read (0-based) and its header name, if the file has a header row. */
  column?: { index: number; name: string | null };
  /** Input-wide problems (too long, too many lines). */
  problems: string[];
}

export interface BulkParseOptions {
  /** `auto` (default): CSV when the first content line has a comma or starts with a quote. */
  format?: BulkFormat | 'auto';
  /** CSV column to read: a header name or a 0-based index (default: domain/host/url... or the first). */
  column?: string | number;
}

/** Header names, best first, that say "this column holds the domains". */
const DOMAIN_COLUMNS = ['domain', 'host', 'hostname', 'url', 'website', 'site', 'address'];

/** Format for an uploaded file, from its name (`.csv` → csv, anything else → auto). */
export function formatFromFileName(name: string): BulkFormat | 'auto' {
  return /\.csv$/i.test(name) ? 'csv' : /\.(txt|list|hosts)$/i.test(name) ? 'txt' : 'auto';
}

/** Splits pasted or uploaded text into items with their line numbers. Never throws. */
export function parseBulkText(text: string, opts: BulkParseOptions = {}): BulkParse {
  if (text.length > MAX_BULK_CHARS) {
    return {
      format: 'txt',
      items: [],
      problems: [`input too large (${text.length.toLocaleString('en')} characters; limit ${MAX_BULK_CHARS.toLocaleString('en')})`],
    };
  }
  const body = text.replace(/^\uFEFF/, '');
  const format = opts.format && opts.format !== 'auto' ? opts.format : detectFormat(body);
  const parsed = format === 'csv' ? parseCsv(body, opts.column) : parseTxt(body);
  if (parsed.items.length > MAX_BULK_LINES) {
    const first = parsed.items[MAX_BULK_LINES]!;
    parsed.problems.push(`too many entries: at most ${MAX_BULK_LINES.toLocaleString('en')} at a time; line ${first.line} and after were not read`);
    parsed.items.length = MAX_BULK_LINES;
  }
  return parsed;
}

function detectFormat(text: string): BulkFormat {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    return line.includes(',') || line.startsWith('"') ? 'csv' : 'txt';
  }
  return 'txt';
}

const HOSTS_PREFIX = /^(0\.0\.0\.0|127\.0\.0\.1|::1?)\s+/;

function parseTxt(text: string): BulkParse {
  const items: BulkItem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // `#` starts a comment at the start of a line or after a space (not in `page#anchor`).
    const line = lines[i]!.replace(/\r$/, '')
      .replace(/(^|\s)#.*$/, '')
      .trim();
    if (line === '') continue;
    items.push({ line: i + 1, input: line.replace(HOSTS_PREFIX, '') }); // hosts-file lines: `0.0.0.0 x.com`
  }
  return { format: 'txt', items, problems: [] };
}

interface CsvRecord {
  line: number;
  fields: string[];
  problem?: string;
}

/** RFC 4180 records: quoted fields (with `""` and line breaks inside), CRLF or LF; `#` lines and blank lines skipped. */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    // Start of a record: skip blank lines and comment lines.
    const eol = text.indexOf('\n', i);
    const lineEnd = eol < 0 ? n : eol;
    const whole = text.slice(i, lineEnd).replace(/\r$/, '');
    if (whole.trim() === '' || whole.trimStart().startsWith('#')) {
      i = lineEnd + 1;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let field = '';
    let problem: string | undefined;
    let quoted = false;
    let atFieldStart = true;
    for (;;) {
      if (i >= n) {
        if (quoted) problem = `a quoted field opened on line ${start} is never closed`;
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      if (c === '"' && atFieldStart && field.trim() === '') {
        quoted = true;
        field = '';
        atFieldStart = false;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        fields.push(field);
        i += c === '\r' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        atFieldStart = false;
        i++;
      }
    }
    records.push(problem ? { line: start, fields, problem } : { line: start, fields });
  }
  return records;
}

function parseCsv(text: string, column: string | number | undefined): BulkParse {
  const records = csvRecords(text);
  const problems: string[] = [];
  const items: BulkItem[] = [];
  let index = 0;
  let name: string | null = null;
  let evidenceIndex = -1;
  let body = records;
  const first = records[0];
  if (first && !first.problem) {
    const header = first.fields.map((f) => f.trim().toLowerCase());
    const named = DOMAIN_COLUMNS.map((c) => header.indexOf(c)).find((k) => k >= 0);
    const looksLikeHeader = named !== undefined || header.includes('evidence') || /^[a-z][a-z _-]*$/.test(header[0] ?? '');
    if (looksLikeHeader) {
      body = records.slice(1);
      evidenceIndex = header.indexOf('evidence');
      index = named ?? 0;
      name = first.fields[index]?.trim() ?? null;
      if (typeof column === 'string') {
        const k = header.indexOf(column.trim().toLowerCase());
        if (k < 0)
          problems.push(`no column named ${JSON.stringify(column)} in the header (line ${first.line}: ${first.fields.map((f) => f.trim()).join(', ')})`);
        else {
          index = k;
          name = first.fields[k]!.trim();
        }
      }
    }
  }
  if (typeof column === 'number') {
    index = column;
    name = name === null ? null : (first?.fields[column]?.trim() ?? null);
  }
  if (typeof column === 'string' && name === null && problems.length === 0) problems.push(`no header row, so no column named ${JSON.stringify(column)}`);
  if (problems.length > 0) return { format: 'csv', items: [], column: { index, name }, problems };
  for (const r of body) {
    const cell = r.fields[index];
    const item: BulkItem = { line: r.line, input: (cell ?? '').trim() };
    if (r.problem) item.syntaxProblem = r.problem;
    else if (cell === undefined)
      item.syntaxProblem = `has ${r.fields.length} column${r.fields.length === 1 ? '' : 's'}; no column ${index + 1}${name ? ` (${name})` : ''}`;
    else if (item.input === '') item.syntaxProblem = `empty ${name ? `${name} ` : ''}cell`;
    const evidence = evidenceIndex >= 0 ? r.fields[evidenceIndex]?.trim() : undefined;
    if (evidence) item.evidence = evidence;
    items.push(item);
  }
  return { format: 'csv', items, column: { index, name }, problems };
}
