/**
 * What the popup does when it opens: asks the background for the tab's state and the protection
 * settings, asking again while the service worker starts (askBackground), renders the verdict, then
 * adds the page's marked links. When the background gives no answer at all, the popup says so and
 * offers to try again, instead of staying empty.
 */
import type { Translate } from '../badge';
import type { LinkMarksSummary } from '../content/link-marks';
import type { SendUi } from '../messages';
import { userTrustAllowed } from '../policy/user-trust';
import { askBackground } from './ask-background';
import { linkMarksSection, renderPopup, renderPopupNoAnswer } from './popup-view';

export interface PopupLoadDeps {
  t: Translate;
  send: SendUi;
  /** The tab the popup explains. */
  tab: () => Promise<{ id: number; url: string }>;
  /** The page's own link marks (its content script keeps them), or null. */
  linkMarks: (tabId: number) => Promise<LinkMarksSummary | null>;
  openOptions: () => void;
  close: () => void;
  /** Waits between asks (tests pass no waits). */
  waitsMs?: readonly number[];
}

export async function loadPopup(root: HTMLElement, deps: PopupLoadDeps): Promise<void> {
  const { t, send } = deps;
  const tab = await deps.tab();
  const ask = <T>(question: () => Promise<T | undefined>) => askBackground(question, { waitsMs: deps.waitsMs });
  const [state, protection] = await Promise.all([ask(() => send({ type: 'get-tab-state', tabId: tab.id })), ask(() => send({ type: 'get-protection-state' }))]);
  const reload = () => loadPopup(root, deps);
  if (state === undefined) return renderPopupNoAnswer(root, t, reload);
  renderPopup(root, state, tab, {
    t,
    // No protection state (the settings could not be read): nothing shown as locked; the background
    // checks the PIN and policy again when a choice is sent (message-router.ts).
    locked: protection?.locked ?? false,
    trustRefused: protection ? !userTrustAllowed(protection.settings) : false,
    send,
    openOptions: deps.openOptions,
    reload,
    startReport: async () => {
      const reply = await send({ type: 'start-report', tabId: tab.id });
      if (!reply?.ok) throw new Error(reply?.error ?? 'no answer');
      deps.close();
    },
  });
  const links = linkMarksSection(await deps.linkMarks(tab.id).catch(() => null), t);
  if (links) root.querySelector('section.verdict')?.after(links);
}
