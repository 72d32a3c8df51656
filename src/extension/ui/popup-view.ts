/**
 * The popup: the verdict for the active tab, each reason in plain words with the quoted evidence,
 * the list entry and its source, what to do next, and the user's choices for this site.
 */
import type { Translate } from '../badge';
import type { LinkMarksSummary } from '../content/link-marks';
import type { Outcome } from '../family/protection-service';
import type { SendUi, TabState, UiMessageIn } from '../messages';
import { pinErrorText } from './block-page-view';
import type { Reason, Verdict } from '../../core/verdict';
import { type Child, h } from './dom';
import { authorityLine, reasonLabel, safeHttpUrl, shownReasons } from './reason-text';

export interface PopupDeps {
  t: Translate;
  /** A parent PIN is set and the settings are locked: trusting a site needs the PIN. */
  locked?: boolean;
  /** Browser policy holds block mode: "I trust this site" is not offered, and the popup says why. */
  trustRefused?: boolean;
  send: SendUi;
  openOptions: () => void;
  /** Re-reads the tab state and renders again. */
  reload: () => Promise<void>;
  /** "Report this site…": asks the background to open the report page for this tab (and closes the popup); throws with a reason when it cannot. */
  startReport: () => Promise<void>;
}

export const HELP_LINKS = {
  safePharmacy: 'https://safe.pharmacy/',
  besafeRx: 'https://www.fda.gov/drugs/quick-tips-buying-medicines-over-internet/besaferx-your-source-online-pharmacy-information',
  boards: 'https://nabp.pharmacy/about/boards-of-pharmacy/',
  naloxone: 'https://www.samhsa.gov/substance-use/treatment/overdose-prevention',
} as const;

function link(href: string, text: string): HTMLAnchorElement {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);
}

function popupHeader(host?: string): HTMLElement {
  return h('header', { class: 'top' }, h('span', { class: 'brand' }, 'RxRadar'), host ? h('span', { class: 'host' }, host) : null);
}

/** The background gave no answer (popup-load.ts asked again first): said plainly, with "Try again". */
export function renderPopupNoAnswer(root: HTMLElement, t: Translate, retry: () => Promise<void>): void {
  const again = h('button', { type: 'button' }, t('popupRetry'));
  again.addEventListener('click', () => {
    again.disabled = true;
    void retry();
  });
  root.replaceChildren(
    popupHeader(),
    h('section', { class: 'verdict level-unchecked', role: 'alert' }, h('h1', {}, t('popupNoAnswer')), h('p', {}, t('popupNoAnswerBody')), again),
  );
}

export function renderPopup(root: HTMLElement, state: TabState, tab: { id: number; url: string }, deps: PopupDeps): void {
  const { t } = deps;
  const v = state.verdict;
  root.replaceChildren(popupHeader(v?.host));

  if (!v || !v.host) {
    root.append(
      h('section', { class: 'verdict level-unchecked', 'aria-live': 'polite' }, h('h1', {}, t('popupUnchecked')), h('p', {}, t('popupUncheckedBody'))),
    );
    root.append(nextSteps(t), footer(deps));
    return;
  }

  const levelKey = v.level === 'danger' ? 'popupDanger' : v.level === 'caution' ? 'popupCaution' : 'popupNone';
  const bodyKey = v.level === 'danger' ? 'popupDangerBody' : v.level === 'caution' ? 'popupCautionBody' : 'popupNoneBody';
  root.append(
    h(
      'section',
      { class: `verdict level-${v.level}`, 'aria-live': 'polite' },
      h('h1', {}, t(levelKey)),
      h('p', {}, t(bodyKey)),
      v.level !== 'none' ? h('p', { class: 'score' }, t('popupScore', String(v.score))) : null,
    ),
  );

  if (v.listMatch && v.listMatch.tier !== 'community') {
    const href = safeHttpUrl(v.listMatch.sourceUrl);
    root.append(
      h(
        'section',
        { class: 'list-match', 'aria-labelledby': 'list-title' },
        h('h2', { id: 'list-title' }, t('popupListTitle')),
        h('p', {}, authorityLine(v.listMatch, t)),
        h('p', { class: 'entry' }, t('popupListEntry', v.listMatch.entry)),
        href ? link(href, t('readSource')) : null,
      ),
    );
  }

  const reasons = shownReasons(v);
  // The authority list has its own box above; a page with no warning does not list the small
  // risk signals that were outweighed (a news story "offering" fentanyl would only confuse); a
  // dangerous page does not list points "in its favour" (rogue sites imitate them).
  const listShown = !!v.listMatch && v.listMatch.tier !== 'community';
  const risks =
    v.level === 'none'
      ? []
      : reasons.filter((r) => r.kind === 'risk' || (r.kind === 'list' && !(listShown && (r.id === 'authority-list' || r.id === 'feed-list'))));
  const trusts = v.level === 'danger' ? [] : reasons.filter((r) => r.kind === 'trust');
  // While the full-page warning covers the page, a highlight behind it would show nothing.
  const pageCovered = v.level === 'danger' && !state.continued;
  if (risks.length > 0) root.append(reasonSection('risk-title', t('popupFound'), risks, v, tab, deps, pageCovered));
  if (trusts.length > 0) root.append(reasonSection('trust-title', t('popupInFavour'), trusts, v, tab, deps, pageCovered));
  if (v.level === 'none' && trusts.length === 0) root.append(h('p', { class: 'quiet' }, t('popupNothingFound')));

  root.append(trustControls(state, v, deps));
  // Every checked page can be reported: a rogue site RxRadar missed, or a false alarm.
  root.append(reportSection(deps));
  root.append(nextSteps(t), footer(deps));
}

function reportSection(deps: PopupDeps): HTMLElement {
  const { t } = deps;
  const button = h('button', { type: 'button', class: 'secondary', 'aria-describedby': 'report-intro' }, t('popupReportButton'));
  const status = h('p', { class: 'report-status', role: 'status', 'aria-live': 'polite' });
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = '';
    deps.startReport().then(
      () => {
        button.disabled = false;
      },
      (e: unknown) => {
        button.disabled = false;
        status.textContent = t('popupReportFailed', e instanceof Error ? e.message : String(e));
        button.focus();
      },
    );
  });
  return h(
    'section',
    { class: 'report-site', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title', class: 'sr-only' }, t('popupReportTitle')),
    h('p', { id: 'report-intro', class: 'quiet' }, t('popupReportIntro')),
    button,
    status,
  );
}

function reasonSection(id: string, title: string, reasons: Reason[], v: Verdict, tab: { id: number }, deps: PopupDeps, pageCovered: boolean): HTMLElement {
  const list = h('ul', { class: 'reasons' });
  let n = 0;
  for (const r of reasons) {
    const evidence: Child[] = [];
    if (r.kind !== 'list' && r.id !== 'known-pharmacy' && r.id !== 'user-trusted') {
      for (const e of r.evidence) {
        const quoteId = `${id}-q${n}`;
        const buttonId = `${id}-b${n++}`;
        const quote = h('q', { class: 'evidence', id: quoteId }, e);
        // Domain signals quote the address, not the page: nothing to find on the page for them.
        const fromAddress = r.id === 'suspicious-domain' || r.id === 'dot-pharmacy';
        const showable = !pageCovered && !fromAddress && !/^(BTC|ETH|TRON|XMR) address /.test(e) && !/^https?:\/\//.test(e);
        const btn = showable
          ? // Named "Show on page “quote”": the visible words first, then which quote (label in name).
            h('button', { type: 'button', class: 'show', id: buttonId, 'aria-labelledby': `${buttonId} ${quoteId}` }, deps.t('showOnPage'))
          : null;
        btn?.addEventListener('click', () => void deps.send({ type: 'show-evidence', tabId: tab.id, evidence: e }).then(() => window.close()));
        evidence.push(h('li', {}, quote, btn ? ' ' : null, btn));
      }
    }
    list.append(
      h('li', {}, h('span', { class: 'label' }, reasonLabel(r, v, deps.t)), evidence.length ? h('ul', { class: 'evidence-list' }, ...evidence) : null),
    );
  }
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), list);
}

/** After the popup renders again, keyboard focus goes back to "Your choice" (not lost to <body>). */
async function reloadKeepingFocus(deps: PopupDeps): Promise<void> {
  await deps.reload();
  document.querySelector<HTMLButtonElement>('section.trust button')?.focus();
}

function trustControls(state: TabState, v: Verdict, deps: PopupDeps): HTMLElement {
  const { t } = deps;
  const box = h('section', { class: 'trust', 'aria-labelledby': 'trust-controls' }, h('h2', { id: 'trust-controls', class: 'sr-only' }, t('popupYourChoice')));
  const authority = v.listMatch?.tier === 'authority' || v.listMatch?.tier === 'feed';
  const status = h('p', { class: 'pin-status', role: 'status', 'aria-live': 'polite' });

  /** Sends a change; when the settings are locked, asks for the parent PIN first. */
  const withPin = (anchor: HTMLElement, message: (pin?: string) => Extract<UiMessageIn, { type: 'trust-site' | 'untrust-site' }>, intro?: string) => {
    const run = async (pin?: string) => {
      const result = await deps.send(message(pin));
      if (result && !result.ok) {
        status.textContent = pinErrorText(result, t);
        return;
      }
      await reloadKeepingFocus(deps);
    };
    if (!deps.locked) {
      if (!intro) return void run();
    }
    const input = deps.locked ? h('input', { type: 'password', id: 'popup-pin', inputmode: 'numeric', autocomplete: 'off', maxlength: '12' }) : null;
    const confirm = h('button', { type: 'submit', class: authority ? 'danger' : 'secondary' }, authority ? t('trustAuthorityConfirm') : t('confirm'));
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('cancel'));
    const form = h('form', {}, input ? h('label', { for: 'popup-pin' }, t('pinLabel')) : null, input, ' ', confirm, ' ', cancel);
    const panel = h(
      'div',
      { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'confirm-text' },
      h('p', { id: 'confirm-text' }, intro ?? t('pinNeeded')),
      form,
      status,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void run(input?.value);
    });
    cancel.addEventListener('click', () => {
      panel.replaceWith(anchor);
      anchor.focus();
    });
    anchor.replaceWith(panel);
    (input ?? cancel).focus();
  };

  if (state.trusted) {
    const undo = h('button', { type: 'button', class: 'secondary' }, t('untrustSite'));
    undo.addEventListener('click', () => withPin(undo, (pin) => ({ type: 'untrust-site', domain: v.host, pin })));
    box.append(h('p', {}, t('trustedNote')), undo, status);
    return box;
  }
  if (state.engineLevel === 'none' && !authority) return box;
  if (deps.trustRefused) {
    box.append(h('p', { class: 'managed' }, t('trustRefusedByAdmin')));
    return box;
  }
  const trust = h('button', { type: 'button', class: 'secondary' }, t('trustSite'));
  // An authority-listed site needs a second, explicit confirmation (and the PIN when locked).
  trust.addEventListener('click', () =>
    withPin(trust, (pin) => ({ type: 'trust-site', host: v.host, confirmAuthority: authority, pin }), authority ? t('trustAuthorityWarning') : undefined),
  );
  box.append(trust, status);
  return box;
}

function nextSteps(t: Translate): HTMLElement {
  return h(
    'section',
    { class: 'next', 'aria-labelledby': 'next-title' },
    h('h2', { id: 'next-title' }, t('nextTitle')),
    h(
      'ul',
      {},
      h('li', {}, t('nextSafePharmacy'), ' ', link(HELP_LINKS.safePharmacy, 'Safe.Pharmacy')),
      h('li', {}, t('nextBeSafeRx'), ' ', link(HELP_LINKS.besafeRx, 'FDA BeSafeRx')),
      h('li', {}, t('nextBoard'), ' ', link(HELP_LINKS.boards, t('nextBoardLink'))),
      h('li', { class: 'emergency' }, h('strong', {}, t('nextEmergency')), ' ', link(HELP_LINKS.naloxone, t('nextNaloxoneLink'))),
    ),
  );
}

function footer(deps: PopupDeps): HTMLElement {
  const options = h('button', { type: 'button', class: 'link' }, deps.t('openOptions'));
  options.addEventListener('click', () => deps.openOptions());
  return h('footer', {}, h('p', {}, deps.t('privacyShort')), options);
}

/** Marked links on the page (link marks, src/extension/content/link-marks.ts): how many, and each domain with its reason. */
export function linkMarksSection(summary: LinkMarksSummary | null | undefined, t: Translate): HTMLElement | null {
  const flagged = summary?.hosts.filter((m) => m.level !== 'verified') ?? [];
  if (!summary || flagged.length === 0) return null;
  const label = (m: LinkMarksSummary['hosts'][number]) =>
    m.blocked ? t('linkMarkBlocked') : m.level === 'danger' ? t('linkMarkDanger') : t('linkMarkCaution');
  return h(
    'section',
    { class: 'link-marks', 'aria-labelledby': 'link-marks-title' },
    h('h2', { id: 'link-marks-title' }, t('popupLinksTitle')),
    h('p', {}, t('popupLinksCount', String(summary.links))),
    h(
      'ul',
      {},
      ...flagged.map((m) => h('li', { class: `level-${m.level}` }, h('strong', {}, `${label(m)}: `), t('popupLinksHost', [m.host, String(m.links), m.reason]))),
    ),
  );
}
