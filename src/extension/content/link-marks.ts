/**
 * Marks links to flagged pharmacies before the click. Runs in every page (its own content script,
 * at document idle): reads the page's links in small idle-time batches, takes redirect wrappers off
 * locally, sends only the hosts to the background and marks the links whose host the background
 * flags. Links that appear later (infinite scroll, "more results") are read by a MutationObserver.
 *
 * Each mark is a small element beside the link's title: an icon and a text label, with the reason
 * in one line on hover and in its accessible name. Its look lives in a closed shadow root with the
 * host styled `!important` inline, so page CSS can neither fake a mark nor restyle one. Every text
 * is set with textContent; nothing from the page becomes HTML.
 */
import { linkHost } from '../../core/links/link-target';
import type { LinkCheckReply, LinkMark } from '../background/link-check';

/** The tab message the popup sends to ask what this page's marks are. */
export const LINK_MARKS_SUMMARY = 'link-marks-summary';

export interface LinkMarksSummary {
  /** Links marked on the page. */
  links: number;
  /** Marked hosts, danger first, with how many links lead to each. */
  hosts: Array<LinkMark & { links: number }>;
  /**
   * Nothing is under way: every link found so far has been read, its host asked about and the
   * answer shown. A page that adds links later is unsettled again until they are done. (What the
   * browser tests wait for before they check that a link has no mark.)
   */
  settled: boolean;
  /** The background said link marks are off for this page (the options or the policy). */
  off: boolean;
}

export interface LinkMarkerDeps {
  send(hosts: string[]): Promise<LinkCheckReply | null | undefined>;
  /** Runs `work` when the page is idle (requestIdleCallback where there is one). */
  idle?(work: (deadline: { timeRemaining(): number }) => void): void;
}

/** Longest slice of work on the main thread (ms): well under a 16 ms frame. */
const SLICE_MS = 6;
/** Hosts asked about per message (the background takes at most 1,000). */
const HOSTS_PER_MESSAGE = 1000;
/** How many times a mark the page removed is put back (then the page wins; it can remove the link too). */
const MAX_RESTORES = 3;
const TAG = 'rxradar-link-mark';

const HOST_STYLE =
  'all:initial!important;display:inline-block!important;visibility:visible!important;opacity:1!important;position:relative!important;' +
  'vertical-align:baseline!important;line-height:1!important;font-size:0.75em!important;margin:0 0 0 0.35em!important;padding:0!important;' +
  'width:auto!important;height:auto!important;clip-path:none!important;transform:none!important;filter:none!important;pointer-events:auto!important;';

const CSS = `
:host { all: initial; }
.mark { display: inline-flex; align-items: center; gap: 0.25em; padding: 0.1em 0.4em; border-radius: 0.6em; white-space: nowrap;
  font: 600 1em/1 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.danger, .blocked { background: #b00020; color: #fff; }
.caution { background: #7a4a00; color: #fff; }
.verified { background: #fff; color: #1b6e2f; box-shadow: inset 0 0 0 1px #1b6e2f; font-weight: 500; }
.icon { font-size: 1em; }
.tip { display: none; position: absolute; top: calc(100% + 4px); left: 0; z-index: 2147483647; width: max-content; max-width: 22rem;
  white-space: normal; padding: 0.45em 0.6em; border-radius: 4px; background: #1f1f1f; color: #fff;
  font: 400 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
:host(:hover) .tip { display: block; }
`;

const ICON: Record<string, string> = { danger: '\u26A0\uFE0E', blocked: '\u26D4\uFE0E', caution: '\u26A0\uFE0E', verified: '\u2713' };

interface Placed {
  el: HTMLElement;
  key: string;
  /** What the mark says (the host the link leads to, once wrappers are taken off). */
  mark: LinkMark;
  restores: number;
}

export function startLinkMarks(doc: Document, deps: LinkMarkerDeps): { summary(): LinkMarksSummary; stop(): void } {
  const idle =
    deps.idle ??
    ((work: (d: { timeRemaining(): number }) => void) => {
      const w = doc.defaultView as (Window & typeof globalThis) | null;
      if (w?.requestIdleCallback) w.requestIdleCallback(work, { timeout: 500 });
      else setTimeout(() => work({ timeRemaining: () => SLICE_MS }), 0);
    });

  // The page's own constructors (in a content script, the globals; in a test, the fake DOM's window).
  const view = (doc.defaultView ?? globalThis) as typeof globalThis;
  const Anchor = globalThis.HTMLAnchorElement ?? view.HTMLAnchorElement;
  const Observer = globalThis.MutationObserver ?? view.MutationObserver;

  /** What the background said about each host asked: a mark, or null (not flagged). */
  const answers = new Map<string, LinkMark | null>();
  /** Links waiting for their host's answer. */
  const waiting = new Map<string, HTMLAnchorElement[]>();
  const toAsk: string[] = [];
  /** The href each link had when it was read (a changed href is read again). */
  const readHref = new WeakMap<HTMLAnchorElement, string>();
  const placed = new Map<HTMLAnchorElement, Placed>();
  const ours = new WeakSet<Node>();

  /**
   * Links still to be read, with how far the reading got: static lists (querySelectorAll), taken
   * once. A live getElementsByTagName list would be walked again from the top after every mark
   * the page gets (each one changes the document), which made reading a big page quadratic.
   */
  const roots: Array<{ links: ArrayLike<HTMLAnchorElement>; at: number }> = [];
  /** Links to mark, in page order; `marked` is how far marking got. */
  let toMark: Array<[HTMLAnchorElement, LinkMark]> = [];
  let marked = 0;
  let scheduled = false;
  let asking = false;
  let stopped = false;
  let off = false;
  /** The background says this is a search engine's result page. */
  let searchPage = false;

  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    idle((deadline) => {
      scheduled = false;
      work(Math.min(SLICE_MS, Math.max(1, deadline.timeRemaining())));
    });
  };

  /**
   * The document's base address, for links written relative to it (read once per slice of work),
   * and the hosts of the links read against it: a results page links to one site many times.
   */
  let base = '';
  let hostOfHref = new Map<string, string | null>();
  /** In a document that is not UTF-8, `a.href` encodes a query by the document's charset: use it. */
  const utf8 = doc.characterSet.toUpperCase() === 'UTF-8';

  function readLink(a: HTMLAnchorElement): void {
    // The attribute as written, resolved against the base by linkHost: cheaper than `a.href`,
    // which builds a URL for every link (they agree: link-target.test.ts).
    const href = utf8 ? a.getAttribute('href') : a.href;
    if (!href || readHref.get(a) === href) return;
    readHref.set(a, href);
    let host = hostOfHref.get(href);
    if (host === undefined) {
      host = linkHost(href, base);
      if (hostOfHref.size < 10_000) hostOfHref.set(href, host);
    }
    const before = placed.get(a);
    if (!host) {
      if (before) unmark(a);
      return;
    }
    const answer = answers.get(host);
    if (answer !== undefined) {
      if (answer) toMark.push([a, answer]);
      else if (before) unmark(a);
      return;
    }
    if (before) unmark(a);
    let list = waiting.get(host);
    if (!list) {
      waiting.set(host, (list = []));
      toAsk.push(host);
    }
    list.push(a);
  }

  function work(budget: number): void {
    if (stopped) return;
    const until = performance.now() + budget;
    // Marks first (answers already here), then reading.
    while (marked < toMark.length && performance.now() < until) {
      const [a, m] = toMark[marked++]!;
      if (a.isConnected) mark(a, m);
    }
    if (marked === toMark.length) {
      toMark = [];
      marked = 0;
    }
    if (roots.length && doc.baseURI !== base) {
      base = doc.baseURI;
      hostOfHref = new Map();
    }
    let n = 0;
    while (roots.length && (++n % 16 !== 0 || performance.now() < until)) {
      const root = roots[0]!;
      if (root.at >= root.links.length) {
        roots.shift();
        continue;
      }
      readLink(root.links[root.at++]!);
    }
    if (toAsk.length && !asking) void ask();
    if (roots.length || marked < toMark.length) schedule();
  }

  async function ask(): Promise<void> {
    asking = true;
    const hosts = toAsk.splice(0, HOSTS_PER_MESSAGE);
    const reply = await deps.send(hosts).catch(() => null);
    asking = false;
    if (stopped) return;
    if (reply && !reply.enabled) {
      off = true;
      return stop();
    }
    if (reply) searchPage = reply.search;
    const flagged = new Map((reply?.marks ?? []).map((m) => [m.host, m]));
    for (const host of hosts) {
      const m = flagged.get(host) ?? null;
      // No answer at all (the background is restarting): ask again when the host comes up next.
      if (reply) answers.set(host, m);
      const links = waiting.get(host) ?? [];
      waiting.delete(host);
      if (m) for (const a of links) toMark.push([a, m]);
    }
    if (toAsk.length || marked < toMark.length) schedule();
    if (toAsk.length) void ask();
  }

  function mark(a: HTMLAnchorElement, m: LinkMark): void {
    const level = m.blocked ? 'blocked' : m.level;
    // What the mark shows: the same key finds the placed mark unchanged and the template to copy.
    const key = `${level}|${m.label}|${m.aria}|${m.reason}`;
    const before = placed.get(a);
    if (before?.key === key && before.el.isConnected) return;
    // A result's displayed address (a breadcrumb link beside its title link) is not marked a second time.
    if (searchPage && !before && isAddressText(a)) return;
    before?.el.remove();
    const host = markElement(key, level, m);
    ours.add(host);
    place(a, host);
    placed.set(a, { el: host, key, mark: m, restores: before?.restores ?? 0 });
  }

  /**
   * One pristine mark per level and reason, cloned for every further link that gets it: a
   * clonable shadow root is copied with its tree and its <style> (whose parsed sheet the browser
   * shares between copies), which costs a fraction of building a mark. Where shadow roots cannot
   * be cloned, every mark is built. A page can clone a mark it has too; the copy says what
   * RxRadar said of one of its links, and a page can paint a look-alike of any mark anyway: what
   * the marks guard against is being hidden or restyled, which a copy does not change.
   */
  const templates = new Map<string, HTMLElement>();
  function markElement(key: string, level: string, m: LinkMark): HTMLElement {
    const template = templates.get(key);
    if (template) return template.cloneNode(true) as HTMLElement;
    const { host, clonable } = buildMark(doc, level, m);
    if (clonable) templates.set(key, host.cloneNode(true) as HTMLElement);
    return host;
  }

  /**
   * Beside the title, inside the line it is on (no new line, so nothing below moves): at the end
   * of a heading inside the link (search results), else of the link's first element with text
   * (a title in a block link), else right after the link (links in running text).
   */
  function place(a: HTMLAnchorElement, el: HTMLElement): void {
    const heading = a.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]');
    if (heading) return heading.append(el);
    for (let child = a.firstElementChild; child; child = child.nextElementSibling) {
      if (child.tagName !== 'BR' && child.textContent?.trim() && !isAddressText(child)) return child.append(el);
    }
    a.after(el);
  }

  function unmark(a: HTMLAnchorElement): void {
    placed.get(a)?.el.remove();
    placed.delete(a);
  }

  const observer = new Observer((records) => {
    const before = roots.length;
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target instanceof Anchor) roots.push({ links: [r.target], at: 0 });
        continue;
      }
      for (const node of r.addedNodes) {
        if (ours.has(node) || node.nodeType !== 1) continue;
        const el = node as Element;
        if (el instanceof Anchor) roots.push({ links: [el], at: 0 });
        else if (el.firstElementChild) roots.push({ links: el.querySelectorAll<HTMLAnchorElement>('a[href]'), at: 0 });
      }
      for (const node of r.removedNodes) {
        if (!ours.has(node)) continue;
        // The page took a mark away: put it back while its link is still there (a few times).
        for (const [a, p] of placed) {
          if (p.el !== node) continue;
          if (a.isConnected && p.restores < MAX_RESTORES) {
            p.restores++;
            place(a, p.el);
          }
          break;
        }
      }
    }
    // Only the page's own changes bring work (the marks RxRadar adds do not).
    if (roots.length > before) schedule();
  });

  function stop(): void {
    stopped = true;
    observer.disconnect();
    roots.length = 0;
    toMark = [];
    marked = 0;
    waiting.clear();
  }

  const root = doc.body ?? doc.documentElement;
  roots.push({ links: root.querySelectorAll<HTMLAnchorElement>('a[href]'), at: 0 });
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  schedule();

  return {
    summary(): LinkMarksSummary {
      const byHost = new Map<string, LinkMark & { links: number }>();
      for (const [a, p] of placed) {
        if (!a.isConnected) continue;
        const m = p.mark;
        const entry = byHost.get(m.host) ?? { ...m, links: 0 };
        entry.links++;
        byHost.set(m.host, entry);
      }
      const rank = { danger: 0, caution: 1, verified: 2 } as const;
      const hosts = [...byHost.values()].sort((x, y) => rank[x.level] - rank[y.level] || x.host.localeCompare(y.host));
      // Verified marks are reassurance, not warnings: the count is of links to flagged sites.
      return {
        links: hosts.filter((h) => h.level !== 'verified').reduce((s, h) => s + h.links, 0),
        hosts,
        settled: stopped || (!scheduled && !asking && roots.length === 0 && toAsk.length === 0 && waiting.size === 0 && marked >= toMark.length),
        off,
      };
    },
    stop,
  };
}

/** A mark: the host element (styled inline, `!important`) and its closed shadow tree. */
function buildMark(doc: Document, level: string, m: LinkMark): { host: HTMLElement; clonable: boolean } {
  const host = doc.createElement(TAG);
  host.setAttribute('style', HOST_STYLE);
  host.setAttribute('role', 'img');
  host.dataset.level = level;
  // Label and accessible name come translated from the background (no message lookup here).
  host.setAttribute('aria-label', m.aria);
  const shadow = host.attachShadow({ mode: 'closed', clonable: true } as ShadowRootInit);
  const style = doc.createElement('style');
  style.textContent = CSS;
  const badge = doc.createElement('span');
  badge.className = `mark ${level}`;
  badge.setAttribute('aria-hidden', 'true');
  const icon = doc.createElement('span');
  icon.className = 'icon';
  icon.textContent = ICON[level]!;
  const text = doc.createElement('span');
  text.textContent = m.label;
  const tip = doc.createElement('span');
  tip.className = 'tip';
  tip.textContent = `RxRadar \u2014 ${m.reason}`;
  badge.append(icon, text);
  shadow.append(style, badge, tip);
  return { host, clonable: (shadow as ShadowRoot & { clonable?: boolean }).clonable === true };
}

/** Text that is an address (`example.com`, `https://example.com › drugs`), not a title. */
function isAddressText(el: Element): boolean {
  const text = (el.textContent ?? '').trim();
  return text.length > 0 && text.length < 300 && !/\s/.test(text.replace(/\s*›\s*/g, '')) && /\.[a-z]{2,}/i.test(text);
}
