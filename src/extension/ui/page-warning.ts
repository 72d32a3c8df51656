/**
 * The in-page warning: a full-page modal dialog for danger, a dismissible banner for caution.
 * Lives in a closed shadow root on a custom element, built with textContent only (page-derived
 * text is never parsed as HTML), and puts itself back if the page removes or hides it.
 */
import type { Translate } from '../badge';
import type { Presentation } from '../messages';
import type { Verdict } from '../../core/verdict';
import { h } from './dom';
import { reasonLabel, safeHttpUrl, shownReasons } from './reason-text';
import { WARNING_CSS } from './page-warning-css';

export interface WarningActions {
  goBack: () => void;
  continueAnyway: () => void;
  /** "Report this site" (absent: no such button). */
  report?: () => void;
}

const HOST_TAG = 'rxradar-shield';
const HOST_STYLE_WARNING =
  'all:initial!important;position:fixed!important;inset:0!important;z-index:2147483647!important;display:block!important;visibility:visible!important;opacity:1!important;pointer-events:auto!important;';
const HOST_STYLE_BANNER =
  'all:initial!important;position:fixed!important;top:0!important;left:0!important;right:0!important;z-index:2147483647!important;display:block!important;visibility:visible!important;opacity:1!important;';

function isModal(dialog: HTMLDialogElement): boolean {
  try {
    return dialog.matches(':modal');
  } catch {
    return true; // A browser without :modal: trust `open`.
  }
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => h(tag, attrs, text);

export interface WarningOptions {
  /**
   * The shadow root's mode. Web pages get 'closed' (the content script), so page scripts cannot
   * reach into the warning; the extension's own warning preview page uses 'open' so accessibility
   * checkers can read the same UI.
   */
  shadowMode?: ShadowRootMode;
  /** The language of the messages (BCP 47), so screen readers do not read them in the page's language. */
  lang?: string;
}

export function createPageWarning(t: Translate, actions: WarningActions, options: WarningOptions = {}) {
  const shadowMode = options.shadowMode ?? 'closed';
  let host: HTMLElement | null = null;
  let current: Presentation = 'none';
  let guard: MutationObserver | null = null;
  let hostGuard: MutationObserver | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let dismissedBanner = false;
  let lastVerdict: Verdict | null = null;

  function reattach(): void {
    if (!host || current === 'none') return;
    const root = document.documentElement;
    if (host.parentNode !== root || root.lastElementChild !== host) root.appendChild(host);
    const style = current === 'warning' ? HOST_STYLE_WARNING : HOST_STYLE_BANNER;
    if (host.getAttribute('style') !== style) host.setAttribute('style', style);
    if (host.hidden) host.hidden = false;
    if (host.hasAttribute('inert')) host.removeAttribute('inert');
    const dialog = (host as HTMLElement & { rxDialog?: HTMLDialogElement }).rxDialog;
    // A dialog taken out of the document (the page removed our element) leaves the top layer but
    // keeps its `open` attribute: it would come back as a plain, non-modal box the page can cover
    // and tab around. Show it modally again.
    if (dialog && (!dialog.open || !isModal(dialog))) {
      try {
        if (dialog.open) dialog.close();
        dialog.showModal();
      } catch {
        dialog.setAttribute('open', '');
      }
    }
  }

  function watch(): void {
    guard?.disconnect();
    hostGuard?.disconnect();
    guard = new MutationObserver(() => reattach());
    guard.observe(document.documentElement, { childList: true });
    if (host) {
      hostGuard = new MutationObserver(() => reattach());
      hostGuard.observe(host, { attributes: true });
    }
    if (!timer) timer = setInterval(reattach, 1000);
  }

  function remove(): void {
    guard?.disconnect();
    hostGuard?.disconnect();
    guard = hostGuard = null;
    if (timer) clearInterval(timer);
    timer = null;
    host?.remove();
    host = null;
    current = 'none';
  }

  function buildWarning(v: Verdict): { content: HTMLElement; dialog: HTMLDialogElement } {
    const dialog = el('dialog', { class: 'warning', 'aria-labelledby': 'rx-title', 'aria-describedby': 'rx-lead' });
    if (options.lang) dialog.lang = options.lang;
    const box = el('div', { class: 'box' });
    const brand = el('p', { class: 'brand' }, 'RxRadar');
    const title = el('h1', { id: 'rx-title' }, t('warnTitle'));
    const chemicals = v.reasons.some((r) => r.id === 'precursor-offer' || r.id === 'nitazene-offer' || r.id === 'xylazine-offer');
    const lead = el('p', { id: 'rx-lead', class: 'lead' }, t(chemicals ? 'warnLeadChemical' : 'warnLead', v.host));
    const risk = el('p', { class: 'risk' }, t('warnRisk'));
    const found = el('h2', {}, t('warnFound'));
    const list = el('ul', { class: 'reasons' });
    for (const r of shownReasons(v).filter((r) => r.kind !== 'trust').slice(0, 5)) {
      const li = el('li');
      li.append(el('span', { class: 'label' }, reasonLabel(r, v, t)));
      if (r.kind === 'list' && v.listMatch) {
        const href = safeHttpUrl(v.listMatch.sourceUrl);
        if (href) {
          const a = el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('readSource'));
          li.append(' ', a);
        }
      } else if (r.evidence.length > 0) {
        const q = el('span', { class: 'evidence' });
        q.textContent = r.evidence.slice(0, 2).map((e) => `“${e}”`).join('  ');
        li.append(q);
      }
      list.append(li);
    }
    const actionsRow = el('div', { class: 'actions' });
    const back = el('button', { class: 'primary', type: 'button', autofocus: '' }, t('goBack'));
    const cont = el('button', { class: 'quiet', type: 'button' }, t('continueAnyway'));
    back.addEventListener('click', () => actions.goBack());
    cont.addEventListener('click', () => actions.continueAnyway());
    actionsRow.append(back, cont);
    const help = el('p', { class: 'help' }, t('warnHelp'));
    let report: HTMLElement | null = null;
    if (actions.report) {
      const button = el('button', { class: 'link', type: 'button' }, t('warnReport'));
      button.addEventListener('click', () => actions.report!());
      report = el('p', { class: 'report' });
      report.append(button);
    }
    // The choice comes right after the warning itself, before the reasons: "Go back" must be on
    // screen without scrolling on small or zoomed-in screens, however many reasons follow.
    box.append(brand, title, lead, risk, actionsRow, found, list, help);
    if (report) box.append(report);
    dialog.append(box);
    // Escape must not dismiss the warning: "Continue anyway" is the way past it.
    dialog.addEventListener('cancel', (e) => e.preventDefault());
    return { content: dialog, dialog };
  }

  function buildBanner(v: Verdict): HTMLElement {
    const bar = el('div', { class: 'banner', role: 'region', 'aria-label': t('bannerLabel') });
    if (options.lang) bar.lang = options.lang;
    const msg = el('p');
    msg.append(el('strong', {}, t('bannerTitle', v.host)), ' ');
    const first = shownReasons(v).find((r) => r.kind === 'risk' || r.kind === 'list');
    if (first) msg.append(el('span', {}, reasonLabel(first, v, t)));
    const hint = el('span', { class: 'hint' }, t('bannerHint'));
    msg.append(' ', hint);
    const close = el('button', { type: 'button', class: 'close' }, t('dismiss'));
    close.addEventListener('click', () => {
      dismissedBanner = true;
      remove();
    });
    bar.append(msg, close);
    return bar;
  }

  return {
    show(v: Verdict, presentation: Presentation): void {
      lastVerdict = v;
      if (presentation === 'banner' && dismissedBanner) presentation = 'none';
      if (presentation === current && presentation !== 'none' && host) return;
      remove();
      if (presentation === 'none') return;
      host = document.createElement(HOST_TAG);
      const shadow = host.attachShadow({ mode: shadowMode });
      const style = document.createElement('style');
      style.textContent = WARNING_CSS;
      shadow.append(style);
      current = presentation;
      if (presentation === 'warning') {
        const { content, dialog } = buildWarning(v);
        shadow.append(content);
        (host as HTMLElement & { rxDialog?: HTMLDialogElement }).rxDialog = dialog;
      } else {
        shadow.append(buildBanner(v));
      }
      reattach();
      watch();
    },
    hide: remove,
    get presentation(): Presentation {
      return current;
    },
    get verdict(): Verdict | null {
      return lastVerdict;
    },
  };
}
