import { browser } from 'wxt/browser';
import { LINK_MARKS_SUMMARY, type LinkMarksSummary } from '../../src/extension/content/link-marks';
import { loadPopup } from '../../src/extension/ui/popup-load';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';
import { sendUi } from '../../src/extension/ui/send-ui';

const root = document.getElementById('app')!;
applyDocumentLanguage();

void loadPopup(root, {
  t: translate,
  send: sendUi,
  async tab() {
    // Tests open the popup as a page and name the tab to explain: ?tab=<id>.
    const requested = Number(new URLSearchParams(location.search).get('tab'));
    const [active] =
      Number.isInteger(requested) && requested > 0 ? [await browser.tabs.get(requested)] : await browser.tabs.query({ active: true, currentWindow: true });
    return { id: active?.id ?? -1, url: active?.url ?? '' };
  },
  // Marked links: the page's own content script knows them (nothing is kept in the background).
  linkMarks: (tabId) => browser.tabs.sendMessage(tabId, { type: LINK_MARKS_SUMMARY }) as Promise<LinkMarksSummary | null>,
  openOptions: () => void browser.runtime.openOptionsPage(),
  close: () => window.close(),
});
