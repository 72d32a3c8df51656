import { browser } from 'wxt/browser';
import type { ProtectionState } from '../../src/extension/family/protection-service';
import type { TabState, UiMessage } from '../../src/extension/messages';
import { LINK_MARKS_SUMMARY, type LinkMarksSummary } from '../../src/extension/content/link-marks';
import { linkMarksSection, renderPopup } from '../../src/extension/ui/popup-view';
import { userTrustAllowed } from '../../src/extension/policy/user-trust';
import { applyDocumentLanguage, translate } from '../../src/extension/ui/page-i18n';

const root = document.getElementById('app')!;
applyDocumentLanguage();

async function load(): Promise<void> {
  // Tests open the popup as a page and name the tab to explain: ?tab=<id>.
  const requested = Number(new URLSearchParams(location.search).get('tab'));
  const [active] =
    Number.isInteger(requested) && requested > 0 ? [await browser.tabs.get(requested)] : await browser.tabs.query({ active: true, currentWindow: true });
  const tab = { id: active?.id ?? -1, url: active?.url ?? '' };
  const state = (await browser.runtime.sendMessage({ type: 'get-tab-state', tabId: tab.id } satisfies UiMessage)) as TabState;
  const protection = (await browser.runtime.sendMessage({ type: 'get-protection-state' } satisfies UiMessage)) as ProtectionState | null;
  renderPopup(root, state, tab, {
    t: translate,
    locked: protection?.locked ?? false,
    trustRefused: protection ? !userTrustAllowed(protection.settings) : false,
    send: (m) => browser.runtime.sendMessage(m),
    openOptions: () => void browser.runtime.openOptionsPage(),
    reload: load,
    startReport: async () => {
      const reply = (await browser.runtime.sendMessage({ type: 'start-report', tabId: tab.id } satisfies UiMessage)) as
        { ok: true; draftId: string } | { ok: false; error: string } | undefined;
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
