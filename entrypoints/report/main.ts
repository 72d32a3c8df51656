/**
 * The "Report this site" page (report.html?draft=<id>): opened by the background after the popup's
 * "Report this site…" with a draft it keeps in session storage (the tab's address, verdict and a
 * screenshot). Nothing is sent from here unless the user presses Send.
 */
import { browser } from 'wxt/browser';
import { bugs, repository } from '../../package.json';
import { reportChannels } from 'virtual:rxradar-report-channels';
import type { ReportDraft } from '../../src/extension/messages';
import type { ReportHandoff } from '../../src/extension/reports/report-handoffs';
import { issueTrackerUrl } from '../../src/reports/report-channels';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';
import { sendUi } from '../../src/extension/ui/send-ui';
import { watchLocalStorage } from '../../src/extension/ui/storage-watch';
import { type DataCollectionKind, renderReportPage } from '../../src/extension/ui/report-view';

applyDocumentLanguage();
document.title = `RxRadar: ${translate('reportTitle')}`;
const root = document.getElementById('app')!;

/** Firefox declares optional data-collection permissions in its manifest; Chrome has no such thing. */
function hasOptionalDataCollection(): boolean {
  const manifest = browser.runtime.getManifest() as { browser_specific_settings?: { gecko?: { data_collection_permissions?: { optional?: string[] } } } };
  return !!manifest.browser_specific_settings?.gecko?.data_collection_permissions?.optional;
}

function requestConsent(kinds: DataCollectionKind[]): Promise<boolean> {
  if (!hasOptionalDataCollection()) return Promise.resolve(true);
  // Called straight from the click handler: Firefox only asks while it still sees the click.
  // `data_collection` is newer than the polyfill's types.
  return browser.permissions.request({ data_collection: kinds } as never);
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Some browsers refuse the async clipboard on an extension page; the old way still works there.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** navigator.languages, then the browser's UI language (Chromium on Linux may report only the latter's region). */
function browserLanguages(): string[] {
  return [...(navigator.languages ?? []), navigator.language, browser.i18n.getUILanguage?.() ?? ''].filter((x) => !!x);
}

/** Where the person took their reports: kept by the background, which writes one at a time for every report page. */
const handoffs = {
  list: async (): Promise<ReportHandoff[]> => (await sendUi({ type: 'get-report-handoffs' })) ?? [],
  record: async (handoff: ReportHandoff): Promise<void> => {
    if (!(await sendUi({ type: 'record-report-handoff', handoff }))?.ok) throw new Error('hand-off not recorded');
  },
};

async function openTab(url: string): Promise<void> {
  await browser.tabs.create({ url, active: true });
}

function close(): void {
  browser.tabs
    .getCurrent()
    .then((tab) => (tab?.id !== undefined ? browser.tabs.remove(tab.id) : window.close()))
    .catch(() => window.close());
}

async function main(): Promise<void> {
  const draftId = new URLSearchParams(location.search).get('draft') ?? '';
  let draft: ReportDraft | null = null;
  if (draftId) {
    try {
      draft = (await sendUi({ type: 'get-report-draft', draftId })) ?? null;
    } catch {
      draft = null;
    }
  }
  renderReportPage(root, draft, {
    t: translate,
    send: sendUi,
    download,
    copy,
    requestConsent,
    now: () => new Date(),
    randomUUID: () => crypto.randomUUID(),
    openOptions: () => void browser.runtime.openOptionsPage(),
    close,
    // Validated when the extension was built (scripts/build/prepared-data-plugin.ts).
    channels: reportChannels.channels,
    languages: browserLanguages(),
    // From package.json at build time, so a fork's reports go to the fork's tracker.
    issueTracker: issueTrackerUrl({ bugs, repository }),
    openTab,
    handoffs,
    watch: watchLocalStorage,
  });
}

void main();
