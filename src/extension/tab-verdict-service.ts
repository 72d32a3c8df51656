/**
 * Keeps every tab's verdict current and shows it: badge, in-page warning, popup state. Built by a
 * factory with its dependencies passed in, so tests hand in fakes (no browser APIs here).
 */
import type { Engine, PageSnapshot } from '../core/engine';
import type { Level, Verdict } from '../core/verdict';
import { type Badge, badgeFor, type Translate } from './badge';
import type { TabMessage, TabState } from './messages';
import type { ActivityEntry } from './family/activity-log';
import { applyUserDecisions, type Decided, type DecisionInputs, findTrusted, hostMatches } from './user-decisions';

export interface TabVerdictDeps {
  engine: () => Engine | Promise<Engine>;
  setBadge: (tabId: number, badge: Badge) => Promise<void>;
  sendToTab: (tabId: number, message: TabMessage) => Promise<void>;
  /** The user's and administrator's decisions and the protection mode, read fresh each time. */
  decisionInputs: () => Promise<DecisionInputs>;
  /** Danger: send the tab to RxRadar's warning page (block page in block mode) for this address. */
  blockTab?: (tabId: number, url: string) => Promise<void>;
  /** No longer danger (trusted, let through, lists changed): a tab showing RxRadar's page for this address opens the site. */
  unblockTab?: (tabId: number, url: string) => Promise<void>;
  /** The parent's activity log (warned and blocked visits, domains only). */
  logActivity?: (entry: ActivityEntry) => Promise<void>;
  t: Translate;
  /** Persists tab states across service-worker restarts (storage.session); optional. */
  persist?: (states: Record<number, PersistedTab>) => Promise<void>;
  /** The clock (ms since the epoch); Date.now by default. */
  now?: () => number;
}

export interface PersistedTab {
  url: string;
  engineVerdict: Verdict;
  fromPage: boolean;
  /**
   * When the page's report was judged and its verdict shown (ms since the epoch; page reports
   * only). Stored with the rest, it is how a watcher (the browser tests) knows that RxRadar has
   * finished with a page view: nothing more will happen to the tab unless the page changes.
   */
  judgedAt?: number;
}

interface TabRecord extends PersistedTab {
  decided: Decided;
  /** Put back from a stopped worker's storage: it may be older than what the page says now. */
  restored?: boolean;
  /** What was last written to the activity log for this page view (level and action). */
  logged?: string;
}

const RANK: Record<Level, number> = { none: 0, caution: 1, danger: 2 };

const logFailure = (err: unknown) => console.warn('RxRadar: could not update a tab', err);

export function createTabVerdictService(deps: TabVerdictDeps) {
  const tabs = new Map<number, TabRecord>();

  /** Verdicts of addresses sent to the block page, for the block page to explain (bounded). */
  const blockedVerdicts = new Map<string, Verdict>();

  /**
   * Shows a record in its tab. Every browser call here is best effort (a tab can close or navigate
   * at any moment): a failure is logged and never breaks the tab's queue, nor a settings change
   * that shows all tabs again.
   */
  async function show(tabId: number, record: TabRecord, notifyPage: boolean): Promise<void> {
    const { verdict, presentation, blocked } = record.decided;
    const badgeSet = deps.setBadge(tabId, badgeFor(verdict.level, verdict.host, deps.t)).catch(logFailure);
    if (verdict.level !== 'none' && deps.logActivity) {
      const action = blocked ? 'blocked' : record.decided.continued ? 'continued' : 'warned';
      // One entry per visit and outcome: showing the same page again (a settings change, a
      // re-read of the page) is not a new visit.
      if (record.logged !== `${verdict.level}:${action}`) {
        record.logged = `${verdict.level}:${action}`;
        await deps.logActivity({ domain: verdict.host, time: Date.now(), level: verdict.level, action }).catch(() => undefined);
      }
    }
    // Danger is shown where no page script can reach: RxRadar's own page takes the tab (the
    // full-page warning in warn mode, the block page in block mode).
    if ((blocked || presentation === 'warning') && deps.blockTab) {
      await badgeSet;
      blockedVerdicts.set(record.url, verdict);
      if (blockedVerdicts.size > 50) blockedVerdicts.delete(blockedVerdicts.keys().next().value!);
      await deps.blockTab(tabId, record.url).catch(logFailure);
      return;
    }
    // The badge and the release of RxRadar's page (when the tab shows it for this address) are
    // independent browser calls: made together, a cold worker's tab queue moves on sooner.
    await Promise.all([badgeSet, deps.unblockTab?.(tabId, record.url).catch(logFailure)]);
    if (notifyPage)
      await deps.sendToTab(tabId, { type: 'verdict', verdict, presentation: presentation === 'warning' ? 'none' : presentation }).catch(() => undefined);
  }

  async function decide(engineVerdict: Verdict): Promise<Decided> {
    return applyUserDecisions(engineVerdict, await deps.decisionInputs());
  }

  /**
   * Writes the tab states for a worker that replaces this one. The verdict does not wait for it:
   * writes go one at a time, and those asked for while one is under way fold into one more, of
   * the states as they are then (the last states are always written).
   */
  let writing: Promise<void> | null = null;
  let writeAgain = false;
  function save(): void {
    const persist = deps.persist;
    if (!persist) return;
    if (writing) {
      writeAgain = true;
      return;
    }
    const write = async (): Promise<void> => {
      do {
        writeAgain = false;
        const out: Record<number, PersistedTab> = {};
        for (const [id, r] of tabs) out[id] = { url: r.url, engineVerdict: r.engineVerdict, fromPage: r.fromPage, judgedAt: r.judgedAt };
        await persist(out).catch((err: unknown) => console.warn('RxRadar: could not save tab states', err));
      } while (writeAgain);
    };
    writing = write().finally(() => {
      writing = null;
    });
  }

  /**
   * One queue per tab: every change to a tab's record runs after the one before it has stored
   * its result. Without it, a navigation that began before the page's report (a cold worker gets
   * both at once) could finish after it and replace the page's verdict with the address's.
   */
  const queues = new Map<number, Promise<unknown>>();
  function inOrder<T>(tabId: number, job: () => Promise<T>): Promise<T> {
    const run = (queues.get(tabId) ?? Promise.resolve()).then(job, job);
    const tail = run.catch(() => undefined);
    queues.set(tabId, tail);
    void tail.then(() => {
      if (queues.get(tabId) === tail) queues.delete(tabId);
    });
    return run;
  }

  /** A page report, judged by `judge` (null from it: not settled, read on); see pageReported. */
  function reported(tabId: number, snapshot: PageSnapshot, judge: (engine: Engine) => Verdict | null): Promise<Verdict | 'read-on' | null> {
    return inOrder(tabId, async () => {
      const previous = tabs.get(tabId);
      if (previous && !previous.restored && !sameDocument(previous.url, snapshot.url)) return null;
      const engineVerdict = judge(await deps.engine());
      if (!engineVerdict) return 'read-on';
      // Late content can raise a verdict for the same document; it never quietly lowers one.
      const keepPrevious = previous && sameDocument(previous.url, snapshot.url) && RANK[previous.engineVerdict.level] > RANK[engineVerdict.level];
      const chosen = keepPrevious ? previous!.engineVerdict : engineVerdict;
      const record: TabRecord = {
        url: snapshot.url,
        engineVerdict: chosen,
        fromPage: true,
        decided: await decide(chosen),
        logged: previous && sameDocument(previous.url, snapshot.url) ? previous.logged : undefined,
      };
      tabs.set(tabId, record);
      await show(tabId, record, true);
      record.judgedAt = (deps.now ?? Date.now)();
      save();
      return record.decided.verdict;
    });
  }

  /** A top-level navigation started or the URL changed: judge the address at once. */
  function navigated(tabId: number, url: string): Promise<Verdict> {
    return inOrder(tabId, async () => {
      const previous = tabs.get(tabId);
      const engineVerdict = (await deps.engine()).checkUrl(url);
      // The same page reported already (its navigation events came late), or a single-page-app
      // route change on the same host: keep what the page showed until it reports again.
      if (previous && previous.fromPage && sameHost(previous.url, url) && RANK[previous.engineVerdict.level] >= RANK[engineVerdict.level]) {
        previous.url = url;
        return previous.decided.verdict;
      }
      // The address the tab already shows, judged the same (onBeforeNavigate, then onCommitted,
      // or the error page of a stopped navigation): the decision stands and is stored already;
      // only showing it again is needed (a navigation clears the tab's badge).
      if (previous && !previous.restored && !previous.fromPage && previous.url === url && sameVerdict(previous.engineVerdict, engineVerdict)) {
        await show(tabId, previous, previous.decided.presentation !== 'none');
        return previous.decided.verdict;
      }
      const record: TabRecord = { url, engineVerdict, fromPage: false, decided: await decide(engineVerdict) };
      tabs.set(tabId, record);
      await show(tabId, record, record.decided.presentation !== 'none');
      save();
      return record.decided.verdict;
    });
  }

  return {
    navigated,

    /**
     * A page says hello (its content script started). Its navigation events normally came first
     * and judged its address, the badge shown after the commit: nothing more to do, and the
     * hello takes no turn in the tab's queue. Otherwise (a worker that missed them, a record
     * restored from a stopped worker) it is judged as a navigation.
     */
    pageHello(tabId: number, url: string): Promise<Verdict> {
      const r = tabs.get(tabId);
      if (r && !r.restored && r.url === url) return Promise.resolve(r.decided.verdict);
      return navigated(tabId, url);
    },

    /**
     * The content script reported what the page shows. A report from a document the tab has
     * already left (sent just before it moved on) is not taken: null, and a page that is still
     * open sends it again (its navigation may not have reached this worker yet).
     */
    pageReported(tabId: number, snapshot: PageSnapshot): Promise<Verdict | null> {
      // analyzePage always judges: never 'read-on'.
      return reported(tabId, snapshot, (engine) => engine.analyzePage(snapshot)).then((v) => (v === 'read-on' ? null : v));
    },

    /**
     * The content script reported the beginning of a long page (its first read, without markup).
     * When that settles the page (engine.firstReadVerdict) it is taken like a whole report;
     * otherwise nothing changes and the answer is 'read-on': the page is read whole and reported.
     */
    firstReadReported(tabId: number, snapshot: PageSnapshot): Promise<Verdict | 'read-on' | null> {
      return reported(tabId, snapshot, (engine) => engine.firstReadVerdict(snapshot));
    },

    /**
     * Sets the tab's badge again from what the service holds: the browser clears a tab's badge
     * when it navigates, and RxRadar's own page in the tab is a navigation too.
     */
    async showBadge(tabId: number): Promise<void> {
      const r = tabs.get(tabId);
      if (r) await deps.setBadge(tabId, badgeFor(r.decided.verdict.level, r.decided.verdict.host, deps.t));
    },

    state(tabId: number): TabState {
      const r = tabs.get(tabId);
      if (!r) return { verdict: null, engineLevel: null, trusted: false, continued: false };
      return { verdict: r.decided.verdict, engineLevel: r.engineVerdict.level, trusted: r.decided.trusted, continued: r.decided.continued };
    },

    /** Re-applies user decisions (allowlist, continue) to every tab on a host, or all tabs. */
    async refresh(host?: string): Promise<void> {
      await Promise.all(
        [...tabs.keys()].map((tabId) =>
          inOrder(tabId, async () => {
            const r = tabs.get(tabId);
            if (!r) return;
            if (host && !hostMatches(r.engineVerdict.host, host) && !hostMatches(host, r.engineVerdict.host)) return;
            r.decided = await decide(r.engineVerdict);
            await show(tabId, r, true);
          }),
        ),
      );
    },

    /** Re-runs the engine for tabs judged by address only (after the lists changed). */
    async rejudgeAddresses(): Promise<void> {
      await Promise.all(
        [...tabs.keys()].map((tabId) =>
          inOrder(tabId, async () => {
            const r = tabs.get(tabId);
            if (!r || r.fromPage) return;
            r.engineVerdict = (await deps.engine()).checkUrl(r.url);
            r.decided = await decide(r.engineVerdict);
            await show(tabId, r, true);
          }),
        ),
      );
    },

    /**
     * Puts back the tabs a stopped service worker had judged. Tabs this worker has already
     * heard about keep what it found: they are newer.
     */
    restore(states: Record<number, PersistedTab>): void {
      for (const [id, p] of Object.entries(states)) {
        const tabId = Number(id);
        if (tabs.has(tabId) || queues.has(tabId)) continue;
        const decided: Decided = { verdict: p.engineVerdict, presentation: 'none', trusted: false, continued: false, blocked: false };
        tabs.set(tabId, { ...p, decided, restored: true });
      }
    },

    /** Whether the tab still shows `url` and RxRadar's page is to take its place (settings and decisions as last applied). */
    blocks(tabId: number, url: string): boolean {
      const r = tabs.get(tabId);
      return !!r && r.url === url && (r.decided.blocked || r.decided.presentation === 'warning');
    },

    closed(tabId: number): void {
      void inOrder(tabId, async () => {
        tabs.delete(tabId);
        save();
      });
    },

    isTrusted: async (host: string) => !!findTrusted(host, (await deps.decisionInputs()).trusted),

    /** What the block page shows for an address: the verdict that blocked it, or the lists' word on it. */
    async blockedVerdict(url: string): Promise<Verdict> {
      return blockedVerdicts.get(url) ?? (await decide((await deps.engine()).checkUrl(url))).verdict;
    },
  };
}

export type TabVerdictService = ReturnType<typeof createTabVerdictService>;

/** Two verdicts of the engine that say the same (the engine may have been rebuilt in between). */
function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.level === b.level && a.score === b.score && JSON.stringify(a.reasons) === JSON.stringify(b.reasons);
}

/** The same document: the same address but for the fragment (#...), which never loads a new page. */
function sameDocument(a: string, b: string): boolean {
  return a.split('#')[0] === b.split('#')[0];
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}
