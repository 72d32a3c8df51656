/**
 * The options page's researcher tools: many domains or web addresses checked at once (pasted, or
 * a .txt / .csv file) against the lists in force (the background runs checkBulkInput), the result
 * line by line, and the new ones exported in the project's list format (the background makes and
 * validates the entries and the file: toListEntries, formatListFile), ready for a pull request.
 *
 * The section is built once per page and reused by every render of the options page, so what the
 * user typed, the chosen file and the results survive the page's re-renders. Pasted text, file
 * contents and every message derived from them are hostile text: text nodes only.
 */
import type { BulkLineResult, BulkReport, BulkStatus, EvidenceListEntry, InvalidReason } from '../../core/lists/bulk-input';
import { MAX_BULK_CHARS } from '../../core/lists/bulk-limits';
import { SOURCE_CONFIDENCES } from '../../core/lists/confidence';
import { listDay } from '../../core/lists/list-day';
import type { Problem } from '../../core/problems';
import type { Translate } from '../badge';
import type { SendUi } from '../messages';
import { h } from './dom';

export interface ToolsDeps {
  t: Translate;
  send: SendUi;
}

/** Rows shown at most; the CSV export has every line. */
export const MAX_ROWS = 500;

const built = new WeakMap<HTMLElement, HTMLElement>();

/** The researcher tools for the options page in `root`: built on the first call, the same element after. */
export function researcherTools(root: HTMLElement, deps: ToolsDeps): HTMLElement {
  let section = built.get(root);
  if (!section) {
    section = buildTools(deps);
    built.set(root, section);
  }
  return section;
}

const present = (...nodes: Array<Node | null>): Node[] => nodes.filter((n): n is Node => n !== null);

// ---- Words ----

export function statusText(status: BulkStatus, t: Translate): string {
  switch (status) {
    case 'new':
      return t('toolsStatusNew');
    case 'duplicate':
      return t('toolsStatusDuplicate');
    case 'listed':
      return t('toolsStatusListed');
    case 'known-pharmacy':
      return t('toolsStatusPharmacy');
    case 'invalid':
      return t('toolsStatusInvalid');
  }
}

function reasonText(reason: InvalidReason | undefined, t: Translate): string | null {
  switch (reason) {
    case 'syntax':
      return t('toolsReasonSyntax');
    case 'too-long':
      return t('toolsReasonTooLong');
    case 'not-a-domain':
      return t('toolsReasonNotDomain');
    case 'not-web-address':
      return t('toolsReasonNotWeb');
    case 'ip-address':
      return t('toolsReasonIp');
    case 'public-suffix':
      return t('toolsReasonPublicSuffix');
    case 'unknown-suffix':
      return t('toolsReasonUnknownSuffix');
    case 'pattern':
      return t('toolsReasonPattern');
    case 'bad-pattern':
      return t('toolsReasonBadPattern');
    default:
      return null;
  }
}

/** The result column: the status in words (and, for an invalid line, why). */
export function resultText(l: BulkLineResult, t: Translate): string {
  const reason = l.status === 'invalid' ? reasonText(l.reason, t) : null;
  return reason ? t('toolsInvalidBecause', reason) : statusText(l.status, t);
}

function listName(list: string, t: Translate): string {
  if (list === 'authority') return t('toolsListAuthority');
  if (list === 'community') return t('toolsListCommunity');
  if (list === 'feed' || list.startsWith('feed')) return t('toolsListFeed');
  return list;
}

/**
 * The message column. Built from the line's facts in the page's language where it can be; an
 * invalid line keeps the engine's own precise wording (`line.problem`).
 */
export function lineMessage(l: BulkLineResult, entryAt: (line: number) => string | undefined, t: Translate): string {
  const entry = l.entry ?? '';
  switch (l.status) {
    case 'new':
      return t('toolsMsgNew', entry);
    case 'duplicate': {
      const first = l.duplicateOf === undefined ? undefined : entryAt(l.duplicateOf);
      if (l.duplicateOf === undefined || first === undefined) return l.problem ?? l.message;
      return first === entry ? t('toolsMsgDuplicate', [String(l.duplicateOf), entry]) : t('toolsMsgCovered', [first, String(l.duplicateOf)]);
    }
    case 'listed':
      return l.listed ? t('toolsMsgListed', [l.listed.entry, listName(l.listed.list, t)]) : (l.problem ?? l.message);
    case 'known-pharmacy': {
      const k = l.knownPharmacy;
      if (!k) return l.problem ?? l.message;
      if (k.relation === 'same') return t('toolsMsgPharmacySame', entry);
      if (k.relation === 'under') return t('toolsMsgPharmacyUnder', [entry, k.pharmacy]);
      if (k.relation === 'above') return t('toolsMsgPharmacyAbove', [entry, k.pharmacy]);
      return t('toolsMsgPharmacyPattern', [entry, k.pharmacy]);
    }
    default:
      return l.problem ?? l.message;
  }
}

// ---- Files ----

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge spaces. Text
 * that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`:
 * pasted input is hostile.
 */
export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every line of a report as CSV: line,input,status,entry,message (the engine's words, in English). */
export function resultsCsv(report: BulkReport): string {
  const rows = [['line', 'input', 'status', 'entry', 'message'].join(',')];
  for (const l of report.lines) {
    const message = l.problem ?? (l.status === 'new' && l.entry ? `new entry ${l.entry}` : l.message);
    rows.push([l.line, l.input, l.status, l.entry, message].map(csvField).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function copyText(text: string, fallback: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    fallback.focus();
    fallback.select();
    const ok = document.execCommand('copy');
    return ok;
  }
}

// ---- The section ----

function field(id: string, label: string, control: HTMLElement, help?: HTMLElement): HTMLElement {
  return h('div', { class: 'field wide' }, h('label', { for: id }, label), control, help ?? null);
}

function buildTools(deps: ToolsDeps): HTMLElement {
  const { t } = deps;
  let report: BulkReport | null = null;
  let entries: EvidenceListEntry[] | null = null;
  let checking = false;

  // Input.
  const input = h('textarea', { id: 'tools-input', rows: '8', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'tools-input-help' });
  const file = h('input', { type: 'file', id: 'tools-file', accept: '.txt,.csv,text/plain,text/csv', 'aria-describedby': 'tools-file-note' });
  const fileNote = h('p', { class: 'quiet', id: 'tools-file-note' }, t('toolsFileHelp'));
  const forget = h('button', { type: 'button', id: 'tools-file-clear', class: 'secondary', hidden: true }, t('toolsFileForget'));
  const check = h('button', { type: 'submit', id: 'tools-check' }, t('toolsCheck'));
  // A live region next to the tools (the page's one role=status line is at the top, out of view).
  const status = h('p', { class: 'tools-status', id: 'tools-status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const checkForm = h(
    'form',
    { class: 'tools-check' },
    field('tools-input', t('toolsInputLabel'), input, h('p', { class: 'quiet', id: 'tools-input-help' }, t('toolsInputHelp'))),
    field('tools-file', t('toolsFileLabel'), file, fileNote),
    h('div', { class: 'row' }, check, forget),
  );
  const chosen = () => file.files?.[0] ?? null;
  const showFile = () => {
    const f = chosen();
    fileNote.textContent = f ? t('toolsFileChosen', f.name) : t('toolsFileHelp');
    forget.hidden = !f;
  };
  file.addEventListener('change', showFile);
  forget.addEventListener('click', () => {
    file.value = '';
    showFile();
    file.focus();
  });

  // Results.
  const results = h('div', { class: 'tools-results', id: 'tools-results' });
  const filter = h(
    'select',
    { id: 'tools-filter' },
    h('option', { value: 'all' }, t('toolsFilterAll')),
    h('option', { value: 'new' }, t('toolsFilterNew')),
    h('option', { value: 'problems' }, t('toolsFilterProblems')),
  );
  const tableBox = h('div', { class: 'table-box' });
  const csv = h('button', { type: 'button', id: 'tools-csv' }, t('toolsDownloadCsv'));
  csv.addEventListener('click', () => {
    if (!report) return;
    download(`rxradar-check-${listDay()}.csv`, resultsCsv(report), 'text/csv');
    status.textContent = t('toolsCsvSaved');
  });
  filter.addEventListener('change', () => renderTable());

  const renderTable = () => {
    if (!report) return;
    const entryAt = new Map(report.lines.map((l) => [l.line, l.entry]));
    const which = filter.value;
    const lines = report.lines.filter((l) => (which === 'new' ? l.status === 'new' : which === 'problems' ? l.status !== 'new' : true));
    if (lines.length === 0) {
      tableBox.replaceChildren(h('p', { class: 'quiet' }, t('toolsNoRows')));
      return;
    }
    const shown = lines.slice(0, MAX_ROWS);
    const rows = shown.map((l) =>
      h(
        'tr',
        { class: `bulk-${l.status}` },
        h('td', { class: 'num' }, String(l.line)),
        h('td', { class: 'input' }, l.input),
        h('td', { class: 'result' }, resultText(l, t)),
        h(
          'td',
          { class: 'message' },
          lineMessage(l, (n) => entryAt.get(n), t),
        ),
      ),
    );
    tableBox.replaceChildren(
      ...present(
        h(
          'table',
          { class: 'bulk', id: 'tools-table' },
          h('caption', {}, t('toolsTableCaption')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('toolsColLine')),
              h('th', { scope: 'col' }, t('toolsColInput')),
              h('th', { scope: 'col' }, t('toolsColResult')),
              h('th', { scope: 'col' }, t('toolsColMessage')),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
        lines.length > shown.length ? h('p', { class: 'quiet more' }, t('toolsMore', String(lines.length - shown.length))) : null,
      ),
    );
  };

  const renderResults = () => {
    if (!report) {
      results.replaceChildren();
      return;
    }
    const c = report.counts;
    const read =
      report.format === 'csv'
        ? report.column?.name
          ? t('toolsReadCsvColumn', report.column.name)
          : t('toolsReadCsvIndex', String((report.column?.index ?? 0) + 1))
        : t('toolsReadText');
    results.replaceChildren(
      ...present(
        h('h3', { id: 'tools-results-title', tabindex: '-1' }, t('toolsResultsTitle')),
        report.problems.length
          ? h(
              'div',
              { class: 'alert', role: 'alert' },
              h('p', {}, t('toolsInputProblems')),
              h('ul', { class: 'problems' }, ...report.problems.map((p) => h('li', {}, p))),
            )
          : null,
        h('p', { class: 'quiet' }, read),
        h(
          'ul',
          { class: 'counts', 'aria-label': t('toolsCountsLabel') },
          h('li', { class: 'count-new' }, t('toolsCountNew', String(c.new))),
          h('li', {}, t('toolsCountDuplicate', String(c.duplicate))),
          h('li', {}, t('toolsCountListed', String(c.listed))),
          h('li', {}, t('toolsCountPharmacy', String(c['known-pharmacy']))),
          h('li', {}, t('toolsCountInvalid', String(c.invalid))),
        ),
        h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: 'tools-filter' }, t('toolsFilterLabel')), filter), csv),
        tableBox,
      ),
    );
    renderTable();
  };

  checkForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (checking) return;
    const f = chosen();
    let text: string;
    let fileName: string | undefined;
    if (f) {
      if (f.size > 4 * MAX_BULK_CHARS) {
        status.textContent = t('toolsTooLarge');
        return;
      }
      try {
        text = await f.text();
      } catch {
        status.textContent = t('toolsFileUnreadable', f.name);
        return;
      }
      fileName = f.name.slice(-300);
    } else {
      text = input.value;
    }
    if (text.trim() === '') {
      status.textContent = f ? t('toolsFileEmpty', f.name) : t('toolsNothing');
      if (!f) input.focus();
      return;
    }
    if (text.length > MAX_BULK_CHARS) {
      status.textContent = t('toolsTooLarge');
      return;
    }
    checking = true;
    check.setAttribute('aria-disabled', 'true');
    results.setAttribute('aria-busy', 'true');
    status.textContent = t('toolsChecking');
    let reply: BulkReport | null;
    try {
      reply = await deps.send({ type: 'check-bulk-input', text, ...(fileName ? { fileName } : {}) });
    } catch {
      reply = null;
    } finally {
      checking = false;
      check.removeAttribute('aria-disabled');
      results.removeAttribute('aria-busy');
    }
    if (!reply) {
      status.textContent = t('toolsFailed');
      return;
    }
    report = reply;
    entries = null;
    renderResults();
    renderExport();
    status.textContent = t('toolsCheckedSummary', [String(report.lines.length), String(report.counts.new)]);
  });

  // Export.
  const source = h('input', { type: 'text', id: 'tools-source', autocomplete: 'off', 'aria-describedby': 'tools-source-help' });
  const sourceUrl = h('input', { type: 'url', id: 'tools-source-url', autocomplete: 'off', spellcheck: 'false', placeholder: 'https://' });
  const date = h('input', { type: 'date', id: 'tools-date', value: listDay() });
  const confidence = h(
    'select',
    { id: 'tools-confidence', 'aria-describedby': 'tools-confidence-help' },
    // All source confidences: researcher lists may carry any of them (`reviewed` is not in it: maintainers only).
    ...SOURCE_CONFIDENCES.map((c) => h('option', { value: c }, confidenceText(c, t))),
  );
  const evidence = h('textarea', { id: 'tools-evidence', rows: '3', spellcheck: 'false', 'aria-describedby': 'tools-evidence-help' });
  const listNameInput = h('input', { type: 'text', id: 'tools-list-name', value: t('toolsDefaultListName'), autocomplete: 'off' });
  const listDescription = h('input', { type: 'text', id: 'tools-list-description', value: t('toolsDefaultListDescription'), autocomplete: 'off' });
  const metaFields = [source, sourceUrl, date, confidence, evidence];
  const exportProblems = h('div', { id: 'tools-export-problems' });
  const entriesText = h('textarea', { id: 'tools-entries', rows: '8', readonly: true, spellcheck: 'false' });
  const copy = h('button', { type: 'button', id: 'tools-copy' }, t('toolsCopyEntries'));
  const downloadList = h('button', { type: 'button', id: 'tools-download' }, t('toolsDownloadList'));
  const output = h(
    'div',
    { class: 'tools-output', hidden: true },
    field('tools-entries', t('toolsEntriesLabel'), entriesText),
    h('div', { class: 'row' }, copy, downloadList),
  );
  const exportForm = h(
    'form',
    { class: 'tools-export', novalidate: true },
    field('tools-source', t('toolsSourceLabel'), source, h('p', { class: 'quiet', id: 'tools-source-help' }, t('toolsSourceHelp'))),
    field('tools-source-url', t('toolsSourceUrlLabel'), sourceUrl),
    h(
      'div',
      { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'tools-date' }, t('toolsDateLabel')), date),
      h('div', { class: 'field' }, h('label', { for: 'tools-confidence' }, t('toolsConfidenceLabel')), confidence),
    ),
    h('p', { class: 'quiet', id: 'tools-confidence-help' }, t('toolsConfidenceHelp')),
    field('tools-evidence', t('toolsEvidenceLabel'), evidence, h('p', { class: 'quiet', id: 'tools-evidence-help' }, t('toolsEvidenceHelp'))),
    field('tools-list-name', t('toolsListNameLabel'), listNameInput),
    field('tools-list-description', t('toolsListDescriptionLabel'), listDescription),
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'tools-make' }, t('toolsMake'))),
  );
  const exportBox = h(
    'div',
    { class: 'tools-export-box', hidden: true },
    h('h3', { id: 'tools-export-title' }, t('toolsExportTitle')),
    h('p', {}, t('toolsExportIntro')),
    exportForm,
    exportProblems,
    output,
    h('p', { class: 'quiet' }, t('toolsCliNote')),
    h(
      'ul',
      { class: 'cli' },
      h('li', {}, h('code', {}, 'npm run -s cli -- list add FILE --from INPUT --source TEXT --source-url URL')),
      h('li', {}, h('code', {}, 'npm run -s cli -- list validate FILE')),
    ),
  );

  const clearProblems = () => {
    exportProblems.replaceChildren();
    for (const f of metaFields) f.removeAttribute('aria-invalid');
  };
  /** Shows refused details; the fields at fault are marked, the first one gets the focus. */
  const refuse = (problems: readonly Problem[]) => {
    showProblems(problems);
    const bad = (f: HTMLElement) => problems.some((p) => p.field === fieldKey(f.id) || p.field.startsWith(`${fieldKey(f.id)}.`));
    for (const f of metaFields) if (bad(f)) f.setAttribute('aria-invalid', 'true');
    status.textContent = t('toolsExportRefused', String(problems.length));
    metaFields.find(bad)?.focus();
  };
  const showProblems = (problems: readonly Problem[]) => {
    exportProblems.replaceChildren(
      h(
        'div',
        { class: 'alert', role: 'alert' },
        h('p', {}, t('toolsExportProblems')),
        h('ul', { class: 'problems' }, ...problems.map((p) => h('li', {}, metaProblemText(p, t)))),
      ),
    );
  };
  function renderExport(): void {
    exportBox.hidden = report === null;
    output.hidden = entries === null;
    if (entries === null) entriesText.value = '';
  }
  // Entries made from other details are stale: changing who says so hides them until made again.
  /** Bumped by every change of the details: an answer for older details is dropped. */
  let making = 0;
  for (const f of metaFields) {
    f.addEventListener('input', () => {
      making++;
      if (entries !== null) {
        entries = null;
        renderExport();
      }
    });
  }

  exportForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems();
    if (!report) {
      status.textContent = t('toolsCheckFirst');
      return;
    }
    if (report.counts.new === 0) {
      entries = null;
      renderExport();
      status.textContent = t('toolsNoNew');
      return;
    }
    const items = evidence.value
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const meta = {
      source: source.value,
      sourceUrl: sourceUrl.value.trim(),
      date: date.value,
      confidence: confidence.value,
      ...(items.length ? { evidence: items } : {}),
    };
    // The new lines with their own (CSV) evidence; the background validates the details and each entry.
    const newLines = report.lines.filter((l) => l.status === 'new' && l.entry);
    const asked = ++making;
    const made = await deps
      .send({ type: 'make-list-entries', items: newLines.map((l) => ({ entry: l.entry!, ...(l.evidence ? { evidence: l.evidence } : {}) })), meta })
      .catch(() => null);
    if (asked !== making) return;
    if (!made) {
      status.textContent = t('toolsFailed');
      return;
    }
    if (!made.ok) {
      entries = null;
      renderExport();
      refuse(made.problems);
      return;
    }
    entries = made.entries;
    entriesText.value = made.lines;
    renderExport();
    status.textContent = t('toolsMade', String(entries.length));
  });

  copy.addEventListener('click', async () => {
    if (!entries) return;
    const ok = await copyText(entriesText.value, entriesText);
    copy.focus();
    status.textContent = ok ? t('toolsCopied') : t('toolsCopyFailed');
  });

  downloadList.addEventListener('click', async () => {
    if (!entries) return;
    const made = await deps.send({ type: 'make-list-file', entries, name: listNameInput.value, description: listDescription.value }).catch(() => null);
    if (!made) {
      status.textContent = t('toolsFailed');
      return;
    }
    if (!made.ok) {
      showProblems(made.problems);
      status.textContent = t('toolsExportRefused', String(made.problems.length));
      return;
    }
    clearProblems();
    download(made.fileName, made.text, 'application/json');
    status.textContent = t('toolsListSaved', made.fileName);
  });

  return h(
    'section',
    { class: 'tools', 'aria-labelledby': 'tools-title' },
    h('h2', { id: 'tools-title' }, t('toolsTitle')),
    h('p', {}, t('toolsIntro')),
    checkForm,
    status,
    results,
    exportBox,
  );
}

/** The EntryMeta field an input holds. */
function fieldKey(id: string): string {
  return id === 'tools-source'
    ? 'source'
    : id === 'tools-source-url'
      ? 'sourceUrl'
      : id === 'tools-date'
        ? 'date'
        : id === 'tools-confidence'
          ? 'confidence'
          : 'evidence';
}

/** Words for a refused detail, in the page's language where the field is known; else the core's own words. */
function metaProblemText(problem: Problem, t: Translate): string {
  switch (problem.field) {
    case 'source':
      return t('toolsProblemSource');
    case 'sourceUrl':
      return t('toolsProblemSourceUrl');
    case 'date':
      return t('toolsProblemDate');
    case 'name':
      return t('toolsProblemName');
    case 'description':
      return t('toolsProblemDescription');
    default:
      return problem.field ? `${problem.field}: ${problem.message}` : problem.message;
  }
}

function confidenceText(c: string, t: Translate): string {
  if (c === 'authority') return t('toolsConfidenceAuthority');
  if (c === 'corroborated') return t('toolsConfidenceCorroborated');
  if (c === 'inferred') return t('toolsConfidenceInferred');
  return c;
}
