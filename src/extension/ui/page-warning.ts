/**
 * The in-page banner for caution: dismissible, in a closed shadow root on a custom element,
 * built with textContent only (page-derived text is never parsed as HTML), and put back if the
 * page removes or hides it. Danger is never shown inside the page (a page script can cover
 * anything in it): RxRadar's own warning page takes the tab (see block-page-view.ts).
 */
import type { Translate } from '../badge';
import type { Presentation } from '../user-decisions';
import type { Verdict } from '../../core/verdict';
import { h } from './dom';
import { reasonLabel, safeHttpUrl, shownReasons } from './reason-text';
import WARNING_CSS from './page-warning.css?inline';

const HOST_TAG = 'rxradar-shield';
const HOST_STYLE_BANNER =
  'all:initial!important;position:fixed!important;top:0!important;left:0!important;right:0!important;z-index:2147483647!important;display:block!important;visibility:visible!important;opacity:1!important;';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => h(tag, attrs, text);

export interface WarningOptions {
  /**
   * The shadow root's mode. Web pages get 'closed' (the content script), so page scripts cannot
   * reach into the warning; the extension's own warning preview page uses 'open' so accessibility
   * checkers can read the same UI.
   */
  shadowMode?: ShadowRootMode;
  /** The language of the messages (BCP 47), so screen readers do not read them in the page's language. */
  lang?: string | (() => string);
}

export function createPageWarning(t: Translate, options: WarningOptions = {}) {
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
    if (host.getAttribute('style') !== HOST_STYLE_BANNER) host.setAttribute('style', HOST_STYLE_BANNER);
    if (host.hidden) host.hidden = false;
    if (host.hasAttribute('inert')) host.removeAttribute('inert');
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

  function buildBanner(v: Verdict): HTMLElement {
    const bar = el('div', { class: 'banner', role: 'region', 'aria-label': t('bannerLabel') });
    const lang = typeof options.lang === 'function' ? options.lang() : options.lang;
    if (lang) bar.lang = lang;
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
      // Danger is RxRadar's own page's job, never the page's.
      if (presentation === 'warning' || (presentation === 'banner' && dismissedBanner)) presentation = 'none';
      if (presentation === current && presentation !== 'none' && host) return;
      remove();
      if (presentation === 'none') return;
      host = document.createElement(HOST_TAG);
      const shadow = host.attachShadow({ mode: shadowMode });
      const style = document.createElement('style');
      style.textContent = WARNING_CSS;
      shadow.append(style);
      current = presentation;
      shadow.append(buildBanner(v));
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
