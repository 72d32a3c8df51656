/**
 * The "Report this site" page: what RxRadar saw (address, verdict, reasons), what the user adds
 * (category, note, screenshot or not), the report exactly as it would be sent, and the ways out:
 * save as a file, copy, or send to the report address (only when one is set). Nothing is sent
 * until the user presses Send, and then only to the address shown.
 *
 * Everything the page shows is built with h() (text nodes only): the address and the reasons come
 * from a page that may be hostile. The browser calls are passed in, so the view is testable.
 *
 * The page assembles the report as the user chooses (report-text.ts) and the background validates
 * it (`check-report`, the report schema): only the validated report is shown, saved, copied or
 * sent, and the page needs no schema library.
 */
import type { Translate } from '../badge';
import type { QueueItemStatus, ReportDraft, ReportQueueItemView, ReportQueueView, SubmitReportReply } from '../messages';
import type { Reason, Verdict } from '../../core/verdict';
import { MAX_NOTE_CHARS } from '../../reports/report-limits';
import { STOPPED_BEFORE_SHOWN } from '../reports/screenshot-errors';
import type { ParseReportResult, Report, ReportCategory } from '../../reports/report-schema';
import { assembleReport, reportFileName, reportFileText, reportPreviewText } from '../../reports/report-text';
import type { ReportHandoff } from '../reports/report-handoffs';
import type { SendUi } from '../messages';
import { REPORT_QUEUE_KEY } from '../storage-keys';
import { h } from './dom';
import type { WatchStorage } from './storage-watch';
import { type ChannelsDeps, channelsSection, handoffItems } from './report-channels-view';
import { categoryLabel, queueStatusText } from './report-words';
import { reasonLabel, shownReasons } from './reason-text';

/** Firefox's data-collection permission names (browser_specific_settings.gecko.data_collection_permissions). */
export type DataCollectionKind = 'browsingActivity' | 'websiteContent';

export interface ReportPageDeps {
  t: Translate;
  send: SendUi;
  /** Saves `text` as a file named `fileName` (Blob + <a download>). */
  download: (fileName: string, text: string) => void;
  copy: (text: string) => Promise<void>;
  /**
   * Asks for the data-collection consent where the browser has one (Firefox); resolves true where
   * it does not (Chrome). Called first thing in the Send click handler, before any await, so the
   * browser still sees the user's click.
   */
  requestConsent: (kinds: DataCollectionKind[]) => Promise<boolean>;
  now: () => Date;
  randomUUID: () => string;
  openOptions: () => void;
  /** Closes this page (the tab). */
  close: () => void;
  /** A time for people, in the page's language. */
  formatTime?: (ms: number) => string;
  /** Follows storage.local keys: "Your reports" is read again when the background writes the queue (no polling). */
  watch?: WatchStorage;
  /** The official channels, the browser's languages and the project's tracker ("Report it to someone who can act"). */
  channels: ChannelsDeps['channels'];
  languages: ChannelsDeps['languages'];
  issueTracker: ChannelsDeps['issueTracker'];
  openTab: ChannelsDeps['openTab'];
  /** Where the person took reports, kept on this device. */
  handoffs: { list(): Promise<ReportHandoff[]>; record(h: ReportHandoff): Promise<void> };
}

export interface ReportPage {
  /** Stops the queue refresh. */
  dispose(): void;
}

const CATEGORIES: ReportCategory[] = ['rogue-pharmacy', 'precursor-seller', 'false-alarm'];
/** "Your reports" on this page stays short; the options page has the full list. */
const MAX_QUEUE_ITEMS = 5;

/** The category to preselect: a warned page is most likely a rogue pharmacy (or a precursor seller); no warning, no guess. */
export function suggestedCategory(v: Verdict | null): ReportCategory | null {
  if (!v || v.level === 'none') return null;
  if (v.reasons.some((r) => /precursor|chemical/i.test(r.id))) return 'precursor-seller';
  return 'rogue-pharmacy';
}

function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

const defaultFormatTime = (ms: number): string => {
  try {
    return new Date(ms).toLocaleString(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return new Date(ms).toLocaleString();
  }
};

/** Only an image the extension made (a data: URL of a PNG or JPEG) is shown. */
const SCREENSHOT_URL = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/;

export function renderReportPage(root: HTMLElement, draft: ReportDraft | null, deps: ReportPageDeps): ReportPage {
  const { t } = deps;
  root.replaceChildren();
  if (!draft) {
    const close = h('button', { type: 'button', class: 'primary' }, t('reportClose'));
    close.addEventListener('click', () => deps.close());
    root.append(
      h('p', { class: 'brand' }, 'RxRadar'),
      h('h1', {}, t('reportTitle')),
      h('section', { class: 'missing' }, h('p', {}, t('reportDraftMissing')), h('p', {}, t('reportDraftMissingHow')), close),
    );
    close.focus();
    return { dispose() {} };
  }

  const formatTime = deps.formatTime ?? defaultFormatTime;
  // One id and one time per page: the preview is exactly what is saved or sent.
  const reportId = deps.randomUUID();
  const time = deps.now();
  const domain = draft.domain;
  const endpoint = draft.endpoint;
  const host = endpoint ? endpointHost(endpoint) : null;

  const state = {
    category: suggestedCategory(draft.verdict),
    note: '',
    includeScreenshot: false,
    /** Set once the report was handed to the background: the same report id is sent once. */
    submitted: false,
    sending: false,
  };
  /** The last validated report, and the choices it was made from. */
  let built: ParseReportResult | null = null;
  let builtFor = '';
  /** The check under way for the latest choices (or the last one). */
  let latest: Promise<ParseReportResult | null> = Promise.resolve(null);
  /** The report as assembled for the latest choices, shown until the background's answer. */
  let shownDraft: Report | null = null;
  const choices = () => JSON.stringify([state.category, state.note, state.includeScreenshot]);
  /** The validated report for the choices shown now: at once when checked, else when its check answers. */
  const current = (): Promise<ParseReportResult | null> => (builtFor === choices() ? Promise.resolve(built) : latest);

  const privacy = h('p', { class: 'privacy' }, endpoint ? t('reportPrivacy', host ?? endpoint) : t('reportPrivacyNoEndpoint'));

  // ---- The page that is reported ----
  const v = draft.verdict;
  const levelWords = !v
    ? t('reportLevelUnchecked')
    : v.level === 'danger'
      ? t('reportLevelDanger')
      : v.level === 'caution'
        ? t('reportLevelCaution')
        : t('reportLevelNone');
  const reasons = v ? shownReasons(v) : [];
  // As in the popup: a page without a warning lists no outweighed risk signals, a dangerous page no points "in its favour".
  const risks = !v || v.level === 'none' ? [] : reasons.filter((r) => r.kind === 'risk' || r.kind === 'list');
  const trusts = !v || v.level === 'danger' ? [] : reasons.filter((r) => r.kind === 'trust');
  const reasonList = (id: string, title: string, list: Reason[]) =>
    v && list.length > 0
      ? h('div', {}, h('h3', { id }, title), h('ul', { class: 'reasons', 'aria-labelledby': id }, ...list.map((r) => h('li', {}, reasonLabel(r, v, t)))))
      : null;
  const pageSection = h(
    'section',
    { class: 'page', 'aria-labelledby': 'page-title' },
    h('h2', { id: 'page-title' }, t('reportPageTitle')),
    h(
      'dl',
      {},
      h('dt', {}, t('reportSite')),
      h('dd', { class: 'domain' }, domain ?? draft.url),
      h('dt', {}, t('reportAddress')),
      h('dd', { class: 'url' }, draft.url),
      h('dt', {}, t('reportVerdict')),
      h(
        'dd',
        { class: `level level-${v?.level ?? 'unchecked'}` },
        levelWords,
        v && v.level !== 'none' ? h('span', { class: 'score' }, ` (${t('popupScore', String(v.score))})`) : null,
      ),
    ),
    reasonList('found-title', t('reportReasons'), risks),
    reasonList('favour-title', t('popupInFavour'), trusts),
  );

  // ---- What the user adds ----
  const radios: HTMLInputElement[] = [];
  const categoryText: Record<ReportCategory, [string, string]> = {
    'rogue-pharmacy': [t('reportCategoryRogue'), t('reportCategoryRogueHelp')],
    'precursor-seller': [t('reportCategoryPrecursor'), t('reportCategoryPrecursorHelp')],
    'false-alarm': [t('reportCategoryFalseAlarm'), t('reportCategoryFalseAlarmHelp')],
  };
  const categoryItems = CATEGORIES.map((c) => {
    const id = `category-${c}`;
    const input = h('input', { type: 'radio', name: 'category', id, value: c, checked: state.category === c, 'aria-describedby': `${id}-help` });
    input.addEventListener('change', () => {
      if (input.checked) state.category = c;
      update();
    });
    radios.push(input);
    const [label, help] = categoryText[c];
    return h('div', { class: 'choice' }, input, h('div', {}, h('label', { for: id }, label), h('p', { class: 'help', id: `${id}-help` }, help)));
  });
  const categorySet = h('fieldset', { class: 'categories' }, h('legend', {}, t('reportCategoryLegend')), ...categoryItems);

  const count = h('p', { class: 'count', id: 'note-count' });
  const note = h('textarea', { id: 'note', rows: '5', maxlength: String(MAX_NOTE_CHARS), 'aria-describedby': 'note-help note-count' });
  note.addEventListener('input', () => {
    state.note = note.value;
    update();
  });
  const noteBlock = h(
    'div',
    { class: 'note' },
    h('label', { for: 'note' }, t('reportNoteLabel')),
    h('p', { class: 'help', id: 'note-help' }, t('reportNoteHelp')),
    note,
    count,
  );

  let screenshotBlock: HTMLElement | null = null;
  let shotBox: HTMLInputElement | null = null;
  if (draft.screenshot && SCREENSHOT_URL.test(draft.screenshot)) {
    shotBox = h('input', { type: 'checkbox', id: 'include-screenshot', 'aria-describedby': 'screenshot-help' });
    const box = shotBox;
    box.addEventListener('change', () => {
      state.includeScreenshot = box.checked;
      update();
    });
    screenshotBlock = h(
      'div',
      { class: 'screenshot' },
      h('div', { class: 'check' }, shotBox, h('label', { for: 'include-screenshot' }, t('reportScreenshotInclude'))),
      h('p', { class: 'help', id: 'screenshot-help' }, t('reportScreenshotHelp')),
      h('img', { src: draft.screenshot, alt: t('reportScreenshotAlt'), class: 'shot' }),
    );
  } else {
    screenshotBlock = h(
      'p',
      { class: 'help no-screenshot' },
      t(draft.screenshotError === STOPPED_BEFORE_SHOWN ? 'reportNoScreenshotStopped' : 'reportScreenshotNone'),
    );
  }

  const form = h(
    'fieldset',
    { class: 'editable' },
    h('legend', { class: 'sr-only' }, t('reportYourReport')),
    h('section', { 'aria-labelledby': 'what-title' }, h('h2', { id: 'what-title' }, t('reportWhatTitle')), categorySet, noteBlock, screenshotBlock),
  );

  // ---- The report as it will be sent ----
  const previewIntro = h('p', {}, endpoint ? t('reportPreviewIntro') : t('reportPreviewIntroFile'));
  const preview = h('pre', { class: 'preview', id: 'preview', tabindex: '0', 'aria-labelledby': 'preview-title' });
  const previewProblem = h('p', { class: 'problem', role: 'alert' });
  const previewSection = h(
    'section',
    { 'aria-labelledby': 'preview-title' },
    h('h2', { id: 'preview-title' }, t('reportPreviewTitle')),
    previewIntro,
    previewProblem,
    preview,
  );

  // ---- Save, copy, send ----
  const outcome = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
  const save = h('button', { type: 'button' }, t('reportSave'));
  const copy = h('button', { type: 'button' }, t('reportCopy'));
  const sendBtn = host ? h('button', { type: 'button', class: 'primary' }, t('reportSend', host)) : null;
  const chooseFirst = h('p', { class: 'hint', id: 'choose-first' }, t('reportChooseFirst'));
  const sendInfo: HTMLElement[] = [];
  if (endpoint) {
    sendInfo.push(h('p', {}, t('reportSendsTo', host ?? endpoint)));
    if (draft.endpointManaged) sendInfo.push(h('p', { class: 'managed' }, t('reportEndpointManaged')));
  } else {
    const openOptions = h('button', { type: 'button', class: 'link-button' }, t('reportOpenOptions'));
    openOptions.addEventListener('click', () => deps.openOptions());
    sendInfo.push(h('div', { class: 'no-endpoint' }, h('p', {}, t('reportNoEndpoint')), h('p', {}, t('reportNoEndpointHow')), openOptions));
  }
  const actionsSection = h(
    'section',
    { class: 'actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, endpoint ? t('reportActionsTitle') : t('reportActionsTitleFile')),
    ...sendInfo,
    h('div', { class: 'buttons' }, sendBtn, save, copy),
    chooseFirst,
    outcome,
  );

  const say = (text: string) => {
    outcome.textContent = text;
  };

  save.addEventListener('click', () => {
    void current().then((b) => {
      if (!b?.ok) return;
      const name = reportFileName(b.report);
      deps.download(name, reportFileText(b.report));
      say(t('reportSaved', name));
    });
  });
  copy.addEventListener('click', () => {
    void current().then((b) => {
      if (!b?.ok) return;
      deps.copy(reportFileText(b.report)).then(
        () => say(t('reportCopied')),
        () => say(t('reportCopyFailed')),
      );
    });
  });

  /** What the outcome line says now (status and error), so the queue refresh only speaks on a change. */
  let watched = '';
  const showOutcome = (status: QueueItemStatus, lastError?: string) => {
    watched = `${status}\n${lastError ?? ''}`;
    if (status === 'sent') say(t('reportOutcomeSent', host ?? ''));
    else if (status === 'sending') say(t('reportOutcomeSending', host ?? ''));
    else if (status === 'queued') say(lastError ? t('reportOutcomeQueuedError', lastError) : t('reportOutcomeQueued'));
    else say(lastError ? t('reportOutcomeFailed', lastError) : t('reportOutcomeFailedNoReason'));
  };

  sendBtn?.addEventListener('click', () => {
    if (state.submitted || state.sending) return;
    // Checked already for these choices (the usual case): refused at once when it is not valid.
    const checked = builtFor === choices();
    if (checked && !built?.ok) return;
    const withScreenshot = checked && built?.ok ? !!built.report.screenshot : state.includeScreenshot && !!draft.screenshot;
    const kinds: DataCollectionKind[] = ['browsingActivity', ...(withScreenshot ? (['websiteContent'] as const) : [])];
    const validated = current();
    // Firefox asks for consent only while it still sees the click: before any await.
    let consent: Promise<boolean>;
    try {
      consent = deps.requestConsent(kinds);
    } catch (e) {
      consent = Promise.reject(e);
    }
    state.sending = true;
    update();
    say('');
    void (async () => {
      try {
        let granted: boolean;
        try {
          granted = await consent;
        } catch (e) {
          say(t('reportConsentError', e instanceof Error ? e.message : String(e)));
          return;
        }
        if (!granted) {
          say(t('reportConsentRefused'));
          return;
        }
        const b = await validated;
        if (!b?.ok) {
          say(t('reportOutcomeFailedNoReason'));
          return;
        }
        say(t('reportOutcomeSending', host ?? ''));
        let reply: SubmitReportReply | undefined;
        try {
          reply = await deps.send({ type: 'submit-report', report: b.report });
        } catch (e) {
          say(t('reportOutcomeFailed', e instanceof Error ? e.message : String(e)));
          return;
        }
        if (!reply) {
          say(t('reportOutcomeFailedNoReason'));
          return;
        }
        if (reply.ok) {
          state.submitted = true;
          privacy.textContent = t('reportPrivacySubmitted', host ?? '');
          showOutcome(reply.status);
          void refreshQueue();
        } else {
          // Already queued or sent under this id: there is nothing more to send from this page.
          if (reply.error === 'duplicate' || reply.error === 'already-sent') state.submitted = true;
          say(t('reportOutcomeFailed', reply.message));
        }
      } finally {
        state.sending = false;
        update();
        if (state.submitted) outcome.focus();
      }
    })();
  });

  // ---- Report it to someone who can act (official channels, the project's tracker) ----
  const handoffList = h('ul', { class: 'queue handoffs', 'aria-labelledby': 'handoffs-title' });
  let handoffCount = 0;
  const handoffBlock = h(
    'div',
    { class: 'handoff-block' },
    h('h3', { id: 'handoffs-title' }, t('handoffsTitle')),
    h('p', { class: 'help' }, t('handoffsHelp')),
    handoffList,
  );
  const refreshHandoffs = async () => {
    let list: ReportHandoff[] = [];
    try {
      list = await deps.handoffs.list();
    } catch {
      list = [];
    }
    handoffCount = list.length;
    handoffBlock.hidden = list.length === 0;
    handoffList.replaceChildren(...handoffItems(list, t, formatTime, MAX_QUEUE_ITEMS));
    // "You have not sent any reports" would be wrong next to reports the person took to an agency.
    if (handoffCount > 0 && queueNote.textContent === t('reportQueueEmpty')) queueNote.textContent = '';
  };
  const channels = channelsSection({
    t,
    channels: deps.channels,
    languages: deps.languages,
    issueTracker: deps.issueTracker,
    copy: deps.copy,
    openTab: deps.openTab,
    record: async (x) => {
      await deps.handoffs.record(x);
      await refreshHandoffs();
    },
    now: deps.now,
  });

  // ---- Your reports (small; the options page has the full list) ----
  const queueList = h('ul', { class: 'queue' });
  const queueNote = h('p', { class: 'quiet' });
  const manage = h('button', { type: 'button', class: 'link-button' }, t('reportQueueManage'));
  manage.addEventListener('click', () => deps.openOptions());
  const queueSection = h(
    'section',
    { class: 'your-reports', 'aria-labelledby': 'queue-title' },
    h('h2', { id: 'queue-title' }, t('reportQueueTitle')),
    queueNote,
    queueList,
    handoffBlock,
    manage,
  );

  let lastQueueKey = '';
  const showQueue = (view: ReportQueueView | null) => {
    // Rebuilt only when something shown changed, so a screen reader or a reader is not disturbed by other writes of the queue.
    const key = JSON.stringify(view);
    if (key === lastQueueKey) return;
    lastQueueKey = key;
    if (!view) {
      queueNote.textContent = t('reportQueueUnavailable');
      queueList.replaceChildren();
      return;
    }
    const items = view.items.slice(0, MAX_QUEUE_ITEMS);
    queueNote.textContent = view.error ? t('reportQueueError', view.error) : view.items.length === 0 && handoffCount === 0 ? t('reportQueueEmpty') : '';
    queueList.replaceChildren(
      ...items.map((i) =>
        h(
          'li',
          { class: `item status-${i.status}`, 'data-report-id': i.reportId },
          h('span', { class: 'domain' }, i.domain),
          ' ',
          h('span', { class: 'category' }, categoryLabel(i.category, t)),
          h('span', { class: 'state' }, queueStatusText(i, t, formatTime)),
        ),
      ),
      ...(view.items.length > items.length ? [h('li', { class: 'more' }, t('reportQueueMore', String(view.items.length - items.length)))] : []),
    );
    // Follow this page's own report: "waiting" becomes "sent" here too.
    if (state.submitted) {
      const mine = view.items.find((i) => i.reportId === reportId);
      if (mine && `${mine.status}\n${mine.lastError ?? ''}` !== watched) showOutcome(mine.status, mine.lastError);
    }
  };
  let disposed = false;
  const refreshQueue = async () => {
    if (disposed) return;
    try {
      showQueue((await deps.send({ type: 'get-report-queue' })) ?? null);
    } catch {
      showQueue(null);
    }
  };

  // ---- Live: every change of the choices is checked again; the preview and the actions follow the answer ----
  function update(): void {
    count.textContent = t('reportNoteCount', [String(note.value.length), String(MAX_NOTE_CHARS)]);
    const key = choices();
    if (key !== builtFor && !state.category) {
      built = null;
      builtFor = key;
    } else if (key !== builtFor && state.category) {
      const category = state.category;
      const assembled = assembleReport(
        {
          reportId,
          url: draft!.url,
          verdict: draft!.verdict,
          category,
          note: state.note,
          time,
          extensionVersion: draft!.extensionVersion,
          listVersions: draft!.listVersions,
          screenshot: state.includeScreenshot ? draft!.screenshot : null,
        },
        domain,
      );
      shownDraft = assembled;
      // The screenshot (up to 2.8 MB) is not sent with every change: the background checked it
      // when it made the draft (report-drafts.ts), and it is the last field of a report, added back
      // to the checked rest here.
      const { screenshot, ...rest } = assembled;
      const check = deps
        .send({ type: 'check-report', report: rest })
        .then((result): ParseReportResult => (result.ok && screenshot ? { ok: true, report: { ...result.report, screenshot } } : result))
        .catch((e: unknown): ParseReportResult => ({
          ok: false,
          error: e instanceof Error ? e.message : String(e),
          issues: [],
        }));
      latest = check;
      void check.then((result) => {
        // An answer for choices that have changed since is dropped: a newer check is on its way.
        if (disposed || choices() !== key) return;
        built = result;
        builtFor = key;
        show();
      });
    }
    show();
  }

  /**
   * The preview and what can be done. While the background checks new choices, the page shows the
   * report as assembled (the same text the check gives back for a valid report: report-text.ts)
   * and the actions wait for the answer (current()); an invalid report is then taken away and the
   * problem said.
   */
  function show(): void {
    const pending = builtFor !== choices();
    const reasons = v ? risks.map((r) => ({ label: reasonLabel(r, v, t), evidence: r.evidence })) : [];
    const shown: ParseReportResult | null = pending && state.category && shownDraft ? { ok: true, report: shownDraft } : built;
    if (!state.category) {
      preview.textContent = '';
      preview.hidden = true;
      previewProblem.textContent = '';
      previewIntro.textContent = t('reportPreviewChooseFirst');
    } else if (!shown!.ok) {
      preview.textContent = '';
      preview.hidden = true;
      previewIntro.textContent = endpoint ? t('reportPreviewIntro') : t('reportPreviewIntroFile');
      previewProblem.textContent = t('reportInvalid', shown!.error);
    } else {
      preview.hidden = false;
      previewProblem.textContent = '';
      previewIntro.textContent = endpoint ? t('reportPreviewIntro') : t('reportPreviewIntroFile');
      preview.textContent = reportPreviewText(shown!.report, (chars) => t('reportScreenshotPlaceholder', String(chars)));
    }
    const ready = !!shown?.ok;
    save.disabled = !ready;
    copy.disabled = !ready;
    // Not disabled while sending (the focus would be lost); clicks are ignored then.
    if (sendBtn) sendBtn.disabled = !ready || state.submitted;
    form.disabled = state.submitted || state.sending;
    chooseFirst.hidden = !!state.category;
    channels.update({ category: state.category, report: shown?.ok ? shown.report : null, reasons });
  }

  root.append(
    h('p', { class: 'brand' }, 'RxRadar'),
    h('h1', {}, t('reportTitle')),
    privacy,
    pageSection,
    form,
    previewSection,
    channels.element,
    actionsSection,
    queueSection,
  );
  update();

  void refreshQueue();
  void refreshHandoffs();
  const unwatch = deps.watch?.(
    (key) => key === REPORT_QUEUE_KEY,
    () => void refreshQueue(),
  );
  return {
    dispose() {
      disposed = true;
      unwatch?.();
    },
  };
}
