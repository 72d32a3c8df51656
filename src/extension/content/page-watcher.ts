/**
 * The content script's work: tell the background what the page shows (at load, when content
 * appears later, on single-page-app route changes) and show the verdict it sends back. Small on
 * purpose: the engine, the lists and tldts stay in the background.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { pageStructureSteps } from '../../extraction/page-structure';
import { startVisibleTextRead } from '../../extraction/visible-text';
import type { ContentMessage, ContentReplies, SendContent, TabMessage, VerdictReply } from '../messages';
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
/**
 * A longer page is read in two steps: its first FIRST_READ_CHARS characters of text, without its
 * markup, go to the background, which settles the page from them when they mention no medicine,
 * chemical, risk or trust phrase and fire no signal (an ordinary shop, a news front page); only
 * otherwise is the page read whole, markup included. The common long page then costs a few
 * milliseconds, not a read of 150,000 characters and a selector query over every element.
 */
export const FIRST_READ_CHARS = 30_000;

/**
 * Re-reads after content changes: a quiet period and a minimum spacing. A page that keeps changing
 * is read less and less often (after FREQUENT_RESCANS reads the spacing grows by half each time,
 * up to MAX_INTERVAL_MS), but never for the last time: a shop that first spends any budget on
 * harmless changes is still read when it shows what it sells. A click, a key or a change of input
 * (someone using the page) brings the spacing back to the start.
 */
const SETTLE_MS = 400;
const MIN_INTERVAL_MS = 1000;
const FREQUENT_RESCANS = 20;
const MAX_INTERVAL_MS = 10_000;
/** On heavy pages, wait at least this many times the last extraction's cost between reads. */
const COST_MULTIPLIER = 50;
/**
 * Reading happens in slices on the main thread (a frame is 16 ms), from the top of the page down:
 * the first, of FIRST_SLICE_MS, as soon as the page is parsed (most pages are read whole in it, so
 * the verdict does not wait for the first idle period), the rest, of SLICE_MS, in idle time. A
 * page that is never idle still gets a slice after IDLE_TIMEOUT_MS.
 */
const FIRST_SLICE_MS = 10;
const SLICE_MS = 4;
const IDLE_TIMEOUT_MS = 250;
/** A page message the background did not answer (its service worker was stopped or restarted) is sent again after these pauses. */
const RESEND_AFTER_MS = [300, 1000, 3000, 8000];

type Snapshot = Extract<ContentMessage, { type: 'page-snapshot' }>['snapshot'];

/**
 * Whether a slice that has finished one part of a read (the text, the structure) goes on to the
 * next in the same turn. The first slice, run as the page is parsed, uses its whole time: handed
 * back early, the rest waited for the first idle period, after the first frame (40-75 ms on a
 * small page whose text read, code run for the first time in the page, took over half the slice).
 * Later slices go on while at least half their time is left: a structure query or the snapshot
 * cannot be cut short, and on a big page each part keeps a slice of its own.
 */
export function sliceGoesOn(first: boolean, elapsedMs: number, sliceMs: number): boolean {
  return first ? elapsedMs < sliceMs : elapsedMs <= sliceMs / 2;
}

/** The spacing between re-reads after `rescans` reads in this page view. */
export function rescanSpacing(rescans: number, lastCostMs: number): number {
  const backoff = rescans <= FREQUENT_RESCANS ? MIN_INTERVAL_MS : Math.min(MAX_INTERVAL_MS, MIN_INTERVAL_MS * 1.5 ** (rescans - FREQUENT_RESCANS));
  return Math.max(backoff, lastCostMs * COST_MULTIPLIER);
}

export function startPageWatcher(ctx: ContentScriptContext): void {
  const t = (key: string, subs?: string | string[]) => browser.i18n.getMessage(key as never, subs as never) || key;
  // The protocol's one meeting with the untyped channel (messages.ts: ContentReplies).
  const send: SendContent = (m) => browser.runtime.sendMessage(m);
  /**
   * Hello and snapshot are acknowledged by the background's answer. No answer (a service worker
   * stopped while it worked, or one that does not know this page's navigation yet) means send
   * again, while this page is still the one shown.
   */
  const sendUntilAnswered = async <M extends Extract<ContentMessage, { type: 'page-hello' | 'page-snapshot' }>>(
    m: M,
  ): Promise<ContentReplies[M['type']] | null> => {
    for (let attempt = 0; ; attempt++) {
      const reply = await send(m).catch(() => null);
      if (reply || ctx.isInvalid || attempt >= RESEND_AFTER_MS.length) return reply ?? null;
      await new Promise<void>((r) => ctx.setTimeout(() => r(), RESEND_AFTER_MS[attempt]!));
    }
  };
  // The language is looked up when a warning is first shown: nothing heavy runs at document_start.
  const warning = createPageWarning(t, { shadowMode: 'closed', lang: messagesLanguage });
  const show = (reply: VerdictReply | null | undefined) => {
    if (reply && ctx.isValid) warning.show(reply.verdict, reply.presentation);
  };
  /** The background asked for this document whole (its first read mentioned something): no more first reads until the page changes address. */
  let readWhole = false;

  let rescans = 0;
  let lastScanAt = 0;
  let lastCost = 0;
  let timer: number | undefined;
  let lastText = '';

  /**
   * Idle time (window.requestIdleCallback, in every browser RxRadar supports; not ctx's wrapper:
   * that adds a listener per call, and a big page takes many slices); a slice after
   * IDLE_TIMEOUT_MS at the latest.
   */
  const whenIdle = (slice: (deadline: IdleDeadline) => void) => requestIdleCallback(slice, { timeout: IDLE_TIMEOUT_MS });
  /** A read is under way; `readAgain`: the page changed (or the lists did) while it was, so read again after it. */
  let reading = false;
  let readAgain = false;

  /**
   * Reads the page in idle-time slices: its visible text from the top (up to PAGE_TEXT_LIMIT),
   * then, when the text changed, its structure, one selector query a slice; then asks for the
   * verdict. The text is what one read in one go would give (visible-text.ts).
   */
  const scan = (now = false) => {
    timer = undefined;
    if (ctx.isInvalid || !document.body) return;
    // A read under way is never cut short (a page that keeps changing would never be read to the
    // end): the page is read again once it is done.
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    let reader: ReturnType<typeof startVisibleTextRead> | null = null;
    let structure: ReturnType<typeof pageStructureSteps> | null = null;
    let structureFound = false;
    let snapshot: Snapshot | null = null;
    let firstRead: Snapshot | null = null;
    let text: { title: string; text: string; links: string[] } | null = null;
    let cost = 0;
    const slice = (deadline: IdleDeadline) => {
      if (ctx.isInvalid) return;
      const started = performance.now();
      const first = now;
      const most = now ? FIRST_SLICE_MS : SLICE_MS;
      now = false;
      const until = started + (deadline.didTimeout ? most : Math.min(most, Math.max(1, deadline.timeRemaining())));
      const timeUp = () => performance.now() >= until;
      let done = false;
      // Text, then structure, then the snapshot, in one slice while sliceGoesOn: a slice handed
      // back early waits for the next idle period (up to 50 ms on an idle page), which made a
      // small page's verdict wait for three of them; on a big page each part keeps a slice of its own.
      for (;;) {
        if (!text) {
          reader ??= startVisibleTextRead(document, location.href, { maxChars: readWhole ? PAGE_TEXT_LIMIT : FIRST_READ_CHARS });
          if (!reader.read(timeUp)) break;
          text = reader.result();
          lastScanAt = Date.now();
          if (text.text === lastText) {
            done = true;
            break;
          }
          if (!readWhole && reader.cut) {
            // A long page: its beginning first, without markup (FIRST_READ_CHARS).
            firstRead = { url: location.href, title: text.title, text: text.text, links: text.links };
            done = true;
            break;
          }
        } else if (!structureFound) {
          structure ??= pageStructureSteps(document);
          while (!(structureFound = structure.step()) && !timeUp());
          if (!structureFound) break;
        } else {
          snapshot = { url: location.href, title: text.title, text: text.text, links: text.links, structure: structure!.result() };
          done = true;
          break;
        }
        if (!sliceGoesOn(first, performance.now() - started, until - started)) break;
      }
      cost += performance.now() - started;
      if (!done) {
        whenIdle(slice);
        return;
      }
      lastCost = cost;
      reading = false;
      if (readAgain) {
        readAgain = false;
        schedule();
      }
      if (firstRead) {
        lastText = firstRead.text;
        void sendUntilAnswered({ type: 'page-snapshot', snapshot: firstRead, firstRead: true }).then((reply) => {
          if (reply && 'readOn' in reply) {
            // Not settled by its beginning: read the page whole now, markup included.
            readWhole = true;
            lastText = '';
            scan();
          } else show(reply);
        });
        return;
      }
      if (!snapshot) return;
      lastText = snapshot.text;
      void sendUntilAnswered({ type: 'page-snapshot', snapshot }).then((reply) => show(reply && 'readOn' in reply ? null : reply));
    };
    // The first read of a page starts as soon as it is parsed (one slice, then idle time): waiting
    // for the first idle period (after the first frame) delayed every verdict by tens of ms.
    if (now) slice({ didTimeout: false, timeRemaining: () => FIRST_SLICE_MS });
    else whenIdle(slice);
  };

  const schedule = () => {
    if (timer !== undefined) return;
    rescans++;
    const spacing = rescanSpacing(rescans, lastCost);
    const wait = Math.max(SETTLE_MS, lastScanAt + spacing - Date.now());
    timer = ctx.setTimeout(scan, wait);
  };

  /** The warning as it was before a report's screenshot, to put back afterwards. */
  let beforeCapture: { verdict: VerdictReply['verdict']; presentation: VerdictReply['presentation'] } | null = null;

  const onMessage = (raw: unknown, _sender: unknown, sendResponse: (answer: boolean) => void): boolean | undefined => {
    const message = raw as TabMessage;
    if (message?.type === 'verdict') warning.show(message.verdict, message.presentation);
    else if (message?.type === 'rescan') {
      // The lists changed: report the page again, even if its text did not change.
      lastText = '';
      scan();
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
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  // As early as possible: a listed address is known before the page renders.
  void sendUntilAnswered({ type: 'page-hello', url: location.href }).then(show);

  /** Someone is using the page: what it shows now may be what it sells. Read it again soon. */
  const interacted = () => {
    rescans = 0;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    schedule();
  };
  for (const type of ['click', 'keydown', 'input', 'change']) ctx.addEventListener(window, type as 'click', interacted, { capture: true, passive: true });

  const start = () => {
    scan(true);
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
    readWhole = false;
    void sendUntilAnswered({ type: 'page-hello', url: location.href }).then(show);
    schedule();
  });
}
