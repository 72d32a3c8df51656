/**
 * "Report it to someone who can act" on the report page: the official channel chosen from the
 * browser's language and region (another can be picked), what it asks for and where it says so,
 * the text ready to paste, and one button that opens the form (text on the clipboard) or writes the
 * e-mail (mailto: with subject and body). A false alarm, or a site missing from the lists, can open
 * a prefilled issue on the project's tracker. RxRadar sends nothing to any of them: the person
 * checks and sends. Each hand-off is recorded on this device for "Your reports".
 *
 * Built with h() only: the address, quotes and note come from a hostile page or the person.
 */
import type { Translate } from '../badge';
import type { ReportHandoff } from '../reports/report-handoffs';
import { reportFileText } from '../../reports/report-text';
import { browserLocale, type ChannelTextReason, channelText, mailtoUrl, newIssueUrl, rankChannels, type ReportChannel } from '../../reports/report-channels';
import type { Report, ReportCategory } from '../../reports/report-schema';
import { h } from './dom';
import { categoryLabel } from './report-words';

export interface ChannelsDeps {
  t: Translate;
  channels: readonly ReportChannel[];
  /** navigator.languages and the browser's UI language, most preferred first. */
  languages: readonly string[];
  /** The project's issue list (…/issues), from package.json; null: no project channel. */
  issueTracker: string | null;
  copy: (text: string) => Promise<void>;
  /** Opens `url` in a new tab (the person's own navigation). */
  openTab: (url: string) => Promise<void> | void;
  /** Stores a hand-off for "Your reports". */
  record: (h: ReportHandoff) => Promise<void>;
  now: () => Date;
}

export interface ChannelsState {
  category: ReportCategory | null;
  /** The report as previewed (null until it is valid). */
  report: Report | null;
  /** What was found, as the page shows it: labels in the page's language and the page's quotes. */
  reasons: readonly ChannelTextReason[];
}

export interface ChannelsSection {
  element: HTMLElement;
  update(state: ChannelsState): void;
}

const kindWords = (k: ReportChannel['kind'], t: Translate) =>
  k === 'web-form' ? t('channelKindWebForm') : k === 'web-page' ? t('channelKindWebPage') : k === 'e-mail' ? t('channelKindEmail') : t('channelKindPhone');

function trackerHost(tracker: string): string {
  try {
    return new URL(tracker).host;
  } catch {
    return tracker;
  }
}

export function channelsSection(deps: ChannelsDeps): ChannelsSection {
  const { t } = deps;
  const locale = browserLocale(deps.languages);
  let state: ChannelsState = { category: null, report: null, reasons: [] };
  let ranked: ReportChannel[] = [];
  /** Set when the person picks a channel themself: kept while it is still on offer. */
  let picked: string | null = null;

  const intro = h('p', {}, t('channelsIntro'));
  const chooseFirst = h('p', { class: 'hint' }, t('channelsChooseFirst'));

  const select = h('select', { id: 'channel', 'aria-describedby': 'channel-suggested' });
  select.addEventListener('change', () => {
    picked = select.value;
    render();
  });
  const suggested = h('p', { class: 'help', id: 'channel-suggested' });
  const details = h('dl', { class: 'channel-details' });
  const text = h('pre', { class: 'channel-text', id: 'channel-text', tabindex: '0', 'aria-labelledby': 'channel-text-title' });
  const actions = h('div', { class: 'buttons' });
  const status = h('p', { class: 'status channel-status', role: 'status', 'aria-live': 'polite' });
  const picker = h(
    'div',
    { class: 'channel-picker' },
    h('label', { for: 'channel' }, t('channelSelectLabel')),
    select,
    suggested,
    details,
    h('h3', { id: 'channel-text-title' }, t('channelTextTitle')),
    text,
    actions,
    status,
  );

  // ---- The project's tracker: false alarms and sites missing from the lists ----
  const projectText = h('p', {});
  const projectButton = h('button', { type: 'button' });
  const projectBody = h('pre', { class: 'issue-text', id: 'issue-text', tabindex: '0', 'aria-label': t('projectIssuePreview') });
  const projectStatus = h('p', { class: 'status project-status', role: 'status', 'aria-live': 'polite' });
  const project = h(
    'div',
    { class: 'project' },
    h('h3', {}, t('projectTitle')),
    projectText,
    projectBody,
    h('div', { class: 'buttons' }, projectButton),
    projectStatus,
  );

  const element = h(
    'section',
    { class: 'channels', 'aria-labelledby': 'channels-title' },
    h('h2', { id: 'channels-title' }, t('channelsTitle')),
    intro,
    chooseFirst,
    picker,
    deps.issueTracker ? project : null,
  );

  /** Said next to the button that was pressed. */
  let speaker = status;
  const say = (s: string) => {
    speaker.textContent = s;
  };

  const current = (): ReportChannel | undefined => ranked.find((c) => c.id === select.value) ?? ranked[0];

  const words = () => ({
    site: t('channelTextSite'),
    address: t('channelTextAddress'),
    found: t('channelTextFound'),
    date: t('channelTextDate'),
    note: t('channelTextNote'),
    category: state.category === 'precursor-seller' ? t('channelTextPrecursor') : t('channelTextRogue'),
    footer: t('channelTextFooter'),
  });

  const pasteText = (): string => (state.report ? channelText(state.report, state.reasons, words()) : '');

  const record = (c: { id: string; name: string; kind: ReportHandoff['kind'] }) => {
    const r = state.report;
    if (!r) return;
    void deps
      .record({ reportId: r.reportId, domain: r.domain, category: r.category, channelId: c.id, channelName: c.name, kind: c.kind, at: deps.now().getTime() })
      .catch(() => undefined);
  };

  /** Copies first (the page still has the focus), then opens the tab, then says what happened. */
  const copyThenOpen = async (copyText: string, url: string, done: (copied: boolean) => string) => {
    let copied = true;
    try {
      await deps.copy(copyText);
    } catch {
      copied = false;
    }
    try {
      await deps.openTab(url);
    } catch (e) {
      say(t('channelOpenFailed', e instanceof Error ? e.message : String(e)));
      return false;
    }
    say(done(copied));
    return true;
  };

  function issueBody(r: Report): string {
    // Exactly the report previewed, without the screenshot (an image does not fit in a link).
    const { screenshot: _screenshot, ...shown } = r;
    return `${t('projectIssueIntro', r.extensionVersion)}\n\n\`\`\`json\n${reportFileText(shown as Report)}\`\`\`\n`;
  }

  projectButton.addEventListener('click', () => {
    const r = state.report;
    if (!r || !deps.issueTracker) return;
    speaker = projectStatus;
    const title = r.category === 'false-alarm' ? t('projectIssueTitleFalseAlarm', r.domain) : t('projectIssueTitleNewDomain', r.domain);
    const body = issueBody(r);
    const url = newIssueUrl(deps.issueTracker, title, body, t('projectIssueTooLong'));
    void copyThenOpen(body, url, (copied) => (copied ? t('projectOpened') : t('channelOpenedNoCopy', trackerHost(deps.issueTracker!)))).then((ok) => {
      if (ok) record({ id: 'project', name: t('projectChannelName', trackerHost(deps.issueTracker!)), kind: 'issue' });
    });
  });

  function renderDetails(c: ReportChannel): void {
    const row = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
    const source = h('a', { href: c.sourceUrl, target: '_blank', rel: 'noopener noreferrer' }, c.sourceUrl);
    details.replaceChildren(
      ...row(t('channelKind'), kindWords(c.kind, t)),
      ...row(t('channelAddressLabel'), h('span', { class: 'channel-address' }, c.address)),
      ...row(t('channelAsks'), h('ul', { class: 'asks' }, ...c.asks.map((a) => h('li', {}, a)))),
      ...row(t('channelSource'), source),
      ...row(t('channelChecked'), c.checked),
      ...(c.note ? row(t('channelNote'), c.note) : []),
      ...(c.categories.length === 1 && c.categories[0] === 'harm' ? row(t('channelFor'), t('channelHarmOnly')) : []),
    );
  }

  function renderActions(c: ReportChannel): void {
    const body = pasteText();
    const ready = !!state.report;
    if (c.kind === 'e-mail') {
      const subject =
        state.category === 'precursor-seller'
          ? t('channelMailSubjectPrecursor', state.report?.domain ?? '')
          : t('channelMailSubjectRogue', state.report?.domain ?? '');
      const href = mailtoUrl(c.address, subject, body, t('channelMailTooLong'));
      const link = h(
        'a',
        { class: 'button primary', href: ready ? href : undefined, 'aria-disabled': ready ? undefined : 'true', id: 'channel-mail' },
        t('channelWriteEmail', c.address),
      );
      link.addEventListener('click', (e) => {
        if (!ready) {
          e.preventDefault();
          return;
        }
        speaker = status;
        // The mail program opens from the link itself; the text also goes to the clipboard, in case the body was cut.
        void deps.copy(body).then(
          () => say(t('channelMailOpened', c.address)),
          () => say(t('channelMailOpened', c.address)),
        );
        record(c);
      });
      actions.replaceChildren(link);
      return;
    }
    if (c.kind === 'phone') {
      const call = h('a', { class: 'button', href: `tel:${c.address.replace(/[^+0-9]/g, '')}` }, c.address);
      const copyBtn = h('button', { type: 'button', class: 'primary', disabled: !ready }, t('channelCopyText'));
      copyBtn.addEventListener('click', () => {
        if (!state.report) return;
        speaker = status;
        deps.copy(pasteText()).then(
          () => say(t('channelPhoneCopied', c.address)),
          () => say(t('reportCopyFailed')),
        );
        record(c);
      });
      actions.replaceChildren(copyBtn, call);
      return;
    }
    const open = h(
      'button',
      { type: 'button', class: 'primary', id: 'channel-open', disabled: !ready },
      c.kind === 'web-form' ? t('channelOpenForm') : t('channelOpenPage'),
    );
    open.addEventListener('click', () => {
      if (!state.report) return;
      speaker = status;
      void copyThenOpen(pasteText(), c.address, (copied) => (copied ? t('channelOpened', c.name) : t('channelOpenedNoCopy', c.name))).then((ok) => {
        if (ok) record(c);
      });
    });
    actions.replaceChildren(open);
  }

  function render(): void {
    const category = state.category;
    chooseFirst.hidden = category !== null;
    const agencies = category !== null && category !== 'false-alarm';
    picker.hidden = !agencies;
    intro.hidden = category === null || category === 'false-alarm';
    if (agencies) {
      ranked = rankChannels(deps.channels, category, locale);
      if (picked && !ranked.some((c) => c.id === picked)) picked = null;
      const chosen = picked ?? ranked[0]?.id ?? '';
      const options = ranked.map((c) => h('option', { value: c.id, selected: c.id === chosen }, c.name));
      // Rebuilt only when the order changes, so a keyboard user's place in the list is not lost.
      const key = ranked.map((c) => c.id).join(',');
      if (select.dataset.order !== key) {
        select.replaceChildren(...options);
        select.dataset.order = key;
      }
      select.value = chosen;
      suggested.textContent = t('channelSuggested', `${locale.language}${locale.region ? `-${locale.region}` : ''}`);
      const c = current();
      if (c) {
        renderDetails(c);
        renderActions(c);
      }
      text.textContent = pasteText();
    }
    if (deps.issueTracker) {
      const host = trackerHost(deps.issueTracker);
      project.hidden = category === null;
      projectText.textContent = category === 'false-alarm' ? t('projectFalseAlarm') : t('projectNewDomain');
      projectButton.textContent = t('projectOpenIssue', host);
      projectButton.className = category === 'false-alarm' ? 'primary' : '';
      projectButton.disabled = !state.report;
      projectBody.hidden = category !== 'false-alarm' || !state.report;
      projectBody.textContent = category === 'false-alarm' && state.report ? issueBody(state.report) : '';
    }
  }

  return {
    element,
    update(next) {
      state = next;
      render();
    },
  };
}

/** "Where your reports went": one line per hand-off (domain, category, channel, time). */
export function handoffItems(list: readonly ReportHandoff[], t: Translate, formatTime: (ms: number) => string, max: number): HTMLElement[] {
  return list
    .slice(0, max)
    .map((x) =>
      h(
        'li',
        { class: 'handoff', 'data-report-id': x.reportId, 'data-channel': x.channelId },
        h('span', { class: 'domain' }, x.domain),
        ' ',
        h('span', { class: 'category' }, categoryLabel(x.category, t)),
        h('span', { class: 'state' }, t('handoffLine', [x.channelName, formatTime(x.at)])),
      ),
    );
}
