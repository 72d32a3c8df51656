/**
 * The content script's work: tell the background what the page shows (at load, when content
 * appears later, on single-page-app route changes) and show the verdict it sends back. Small on
 * purpose: the engine, the lists and tldts stay in the background.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractPageStructure } from '../../extraction/page-structure';
import { extractVisibleContent } from '../../extraction/visible-text';
import type { ContentMessage, TabMessage, VerdictReply } from '../messages';
import { messagesLanguage } from '../ui/page-i18n';
import { createPageWarning } from '../ui/page-warning';
import { findEvidenceRange } from './find-evidence';
import { highlightRange } from './highlight';

/**
 * Visible text read per page, at most: 150,000 characters, about 50 printed pages, from the top.
 * Rogue storefronts are far smaller (the fixture corpus' largest is 60 KB) and say what they
 * sell near the top; the cap bounds the cost on huge pages (a 2 MB catalogue) to a few
 * milliseconds. The CLI reads the same way, with a larger limit (it has no page to slow down).
 */
export const PAGE_TEXT_LIMIT = 150_000;

/** Re-reads after content changes: quiet period, minimum spacing, and a budget per page view. */
const SETTLE_MS = 400;
const MIN_INTERVAL_MS = 1000;
const MAX_RESCANS = 20;
/** On heavy pages, wait at least this many times the last extraction's cost between reads. */
const COST_MULTIPLIER = 50;

export function startPageWatcher(ctx: ContentScriptContext): void {
  const t = (key: string, subs?: string | string[]) => browser.i18n.getMessage(key as never, subs as never) || key;
  const send = (m: ContentMessage) => browser.runtime.sendMessage(m) as Promise<VerdictReply | null | undefined>;
  const warning = createPageWarning(
    t,
    {
      goBack: () => void send({ type: 'go-back' }),
      continueAnyway: () => {
        warning.hide();
        void send({ type: 'continue-anyway' });
      },
      report: () => void send({ type: 'report-site' }),
    },
    { shadowMode: 'closed', lang: messagesLanguage() },
  );
  const show = (reply: VerdictReply | null | undefined) => {
    if (reply && ctx.isValid) warning.show(reply.verdict, reply.presentation);
  };

  let rescans = 0;
  let lastScanAt = 0;
  let lastCost = 0;
  let timer: number | undefined;
  let lastText = '';

  const scan = async () => {
    timer = undefined;
    if (ctx.isInvalid || !document.body) return;
    const started = performance.now();
    const content = extractVisibleContent(document, location.href, { maxChars: PAGE_TEXT_LIMIT });
    lastCost = performance.now() - started;
    lastScanAt = Date.now();
    if (content.text === lastText) return;
    lastText = content.text;
    const structure = extractPageStructure(document);
    show(await send({ type: 'page-snapshot', snapshot: { url: location.href, title: content.title, text: content.text, links: content.links, structure } }));
  };

  const schedule = () => {
    if (timer !== undefined || rescans >= MAX_RESCANS) return;
    rescans++;
    const spacing = Math.max(MIN_INTERVAL_MS, lastCost * COST_MULTIPLIER);
    const wait = Math.max(SETTLE_MS, lastScanAt + spacing - Date.now());
    timer = ctx.setTimeout(() => void scan(), wait);
  };

  /** The warning as it was before a report's screenshot, to put back afterwards. */
  let beforeCapture: { verdict: VerdictReply['verdict']; presentation: VerdictReply['presentation'] } | null = null;

  const onMessage = (raw: unknown, _sender: unknown, sendResponse: (answer: boolean) => void): boolean | undefined => {
    const message = raw as TabMessage;
    if (message?.type === 'verdict') warning.show(message.verdict, message.presentation);
    else if (message?.type === 'rescan') {
      // The lists changed: report the page again, even if its text did not change.
      lastText = '';
      void scan();
    } else if (message?.type === 'prepare-capture') {
      // The screenshot of a report shows the page, not RxRadar's warning over it.
      if (warning.verdict && warning.presentation !== 'none') beforeCapture = { verdict: warning.verdict, presentation: warning.presentation };
      warning.hide();
      requestAnimationFrame(() => requestAnimationFrame(() => sendResponse(true)));
      return true;
    } else if (message?.type === 'capture-done') {
      if (beforeCapture && ctx.isValid) warning.show(beforeCapture.verdict, beforeCapture.presentation);
      beforeCapture = null;
    } else if (message?.type === 'show-evidence') {
      const range = findEvidenceRange(document, message.evidence);
      if (range) highlightRange(document, range);
    } else if (message?.type === 'open-block-page') {
      // Block mode: the block page takes this page's place in the history, so "Go back" there
      // leads to the page before, not back here (where the site would only be blocked again).
      const replace = message.target.startsWith(browser.runtime.getURL('/')) && location.href === message.url;
      if (replace) location.replace(message.target);
      sendResponse(replace);
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  // As early as possible: a listed address is known before the page renders.
  void send({ type: 'page-hello', url: location.href }).then(show);

  const start = () => {
    void scan();
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData' || r.addedNodes.length > 0) {
          schedule();
          return;
        }
      }
    });
    observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true, characterData: true });
    ctx.onInvalidated(() => observer.disconnect());
  };
  if (document.readyState === 'loading') ctx.addEventListener(document, 'DOMContentLoaded', start, { once: true });
  else start();

  // Back/forward cache: a restored page runs no content script again, while the background has
  // already judged the restored address by its URL alone (dropping what this page showed).
  // Report the page again, after the usual settle delay.
  ctx.addEventListener(window, 'pageshow', (event) => {
    if (!(event as PageTransitionEvent).persisted) return;
    rescans = 0;
    lastText = '';
    schedule();
  });

  ctx.addEventListener(window, 'wxt:locationchange', () => {
    rescans = 0;
    lastText = '';
    void send({ type: 'page-hello', url: location.href }).then(show);
    schedule();
  });
}
