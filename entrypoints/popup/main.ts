import { browser } from 'wxt/browser';
import { LINK_MARKS_SUMMARY, type LinkMarksSummary } from '../../src/extension/content/link-marks';
import { linkMarksSection, renderPopup } from '../../src/extension/ui/popup-view';
import { userTrustAllowed } from '../../src/extension/policy/user-trust';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';
import { sendUi } from '../../src/extension/ui/send-ui';

const root = document.getElementById('app')!;
applyDocumentLanguage();

async function load(): Promise<void> {
  // Tests open the popup as a page and name the tab to explain: ?tab=<id>.
  const requested = Number(new URLSearchParams(location.search).get('tab'));
  const [active] =
    Number.isInteger(requested) && requested > 0 ? [await browser.tabs.get(requested)] : await browser.tabs.query({ active: true, currentWindow: true });
  const tab = { id: active?.id ?? -1, url: active?.url ?? '' };
  const [state, protection] = await Promise.all([sendUi({ type: 'get-tab-state', tabId: tab.id }), sendUi({ type: 'get-protection-state' })]);
  renderPopup(root, state, tab, {
    t: translate,
    locked: protection?.locked ?? false,
    trustRefused: protection ? !userTrustAllowed(protection.settings) : false,
    send: sendUi,
    openOptions: () => void browser.runtime.openOptionsPage(),
    reload: load,
    startReport: async () => {
      const reply = await sendUi({ type: 'start-report', tabId: tab.id });
      if (!reply?.ok) throw new Error(reply?.error ?? 'no answer');
      window.close();
    },
  });
  // Marked links: the page's own content script knows them (nothing is kept in the background).
  const summary = (await browser.tabs.sendMessage(tab.id, { type: LINK_MARKS_SUMMARY }).catch(() => null)) as LinkMarksSummary | null;
  const links = linkMarksSection(summary, translate);
  if (links) root.querySelector('section.verdict')?.after(links);
}

void load();
