/**
 * The tab verdict service under the orderings a cold service worker produces: navigation events,
 * the page's hello and snapshot, list swaps and worker restarts arrive together and finish in any
 * order. Whatever the interleaving, the tab must end with the badge and the presentation of the
 * verdict for the page it shows (issue: 12 of 28 cold visits lost their danger verdict).
 */
import { describe, expect, it, vi } from 'vitest';
import type { Engine, PageSnapshot } from '../core/engine';
import type { Level, Verdict } from '../core/verdict';
import { prng } from '../../tests/support/prng';
import type { Badge } from './badge';
import type { TabMessage } from './messages';
import { createTabVerdictService, type PersistedTab, type TabVerdictService } from './tab-verdict-service';
import { type DecisionInputs, NO_DECISIONS } from './user-decisions';

const RANK: Record<Level, number> = { none: 0, caution: 1, danger: 2 };

function verdict(url: string, level: Level): Verdict {
  const host = new URL(url).hostname;
  return { url, host, level, score: level === 'danger' ? 80 : level === 'caution' ? 40 : 0, reasons: [] };
}

/** A small engine: `listed.test` is on a list; the page's words decide the rest. */
const fakeEngine = {
  checkUrl: (url: string) => verdict(url, new URL(url).hostname === 'listed.test' ? 'danger' : 'none'),
  analyzePage: (page: PageSnapshot) => {
    const fromUrl = fakeEngine.checkUrl(page.url).level;
    const fromText: Level = page.text.includes('oxycodone') ? 'danger' : page.text.includes('maybe') ? 'caution' : 'none';
    return verdict(page.url, RANK[fromUrl] >= RANK[fromText] ? fromUrl : fromText);
  },
  /** A beginning that names nothing settles the page. */
  firstReadVerdict: (page: PageSnapshot) => (/oxycodone|maybe/.test(page.text) ? null : fakeEngine.analyzePage(page)),
} as unknown as Engine;

/** The service on the fake engine with no user decisions and browser parts that do nothing, or `over` them. */
function plainService(over: Partial<Parameters<typeof createTabVerdictService>[0]> = {}): TabVerdictService {
  return createTabVerdictService({
    engine: () => fakeEngine,
    t: (k) => k,
    decisionInputs: async () => NO_DECISIONS,
    setBadge: async () => undefined,
    sendToTab: async () => undefined,
    ...over,
  });
}

interface Visit {
  url: string;
  text: string;
}

const VISITS: Visit[] = [
  { url: 'https://rogue-shop.test/buy', text: 'oxycodone 30mg no prescription' },
  { url: 'https://listed.test/', text: 'welcome' },
  { url: 'https://clean.test/news', text: 'the weather today' },
  { url: 'https://grey.test/', text: 'maybe pills' },
  { url: 'https://listed.test/other', text: 'oxycodone' },
];

function expectedLevel(v: Visit): Level {
  return fakeEngine.analyzePage({ url: v.url, text: v.text }).level;
}

/** A background "worker": the service with fake browser parts that record what the tab shows. */
function makeWorker(rand: () => number, screen: Screen, store: { tabs: Record<number, PersistedTab> }, tabUrl: () => string | undefined) {
  let dead = false;
  /** Random pauses, as storage reads and browser calls take (microtask turns: reproducible per seed). */
  const pause = () => turns(Math.floor(rand() * 12));
  const service = createTabVerdictService({
    engine: () => fakeEngine,
    t: (key) => key,
    decisionInputs: async (): Promise<DecisionInputs> => {
      await pause();
      return NO_DECISIONS;
    },
    setBadge: async (_tab, badge) => {
      await pause();
      if (!dead) screen.badge = badge;
    },
    sendToTab: async (_tab, message: TabMessage) => {
      await pause();
      if (!dead && message.type === 'verdict') screen.presentation = message.presentation;
    },
    blockTab: async (_tab, url) => {
      await pause();
      // As the real one: only while the tab still shows that address (it may have moved on).
      if (!dead && url === tabUrl()) screen.warningPages.push(url);
    },
    persist: async (states) => {
      await pause();
      if (!dead) store.tabs = structuredClone(states);
    },
  });
  return {
    service,
    kill: () => {
      dead = true;
    },
    get dead() {
      return dead;
    },
  };
}

type Step =
  { kind: 'before' | 'commit' | 'hello' | 'snapshot'; visit: Visit } | { kind: 'lists' } | { kind: 'restart' } | { kind: 'stale-snapshot'; visit: Visit };

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** What the person sees: the badge, and every time RxRadar's warning page was put in the tab (by address). */
interface Screen {
  badge: Badge | null;
  presentation: string | null;
  warningPages: string[];
}

async function runScenario(seed: number): Promise<{ visit: Visit; screen: Screen; warnedInLastView: string[] }> {
  const rand = prng(seed);
  const TAB = 7;
  const screen: Screen = { badge: null, presentation: null, warningPages: [] };
  let lastViewStart = 0;
  /** The page the tab shows (as far as the browser knows): set by the first event of each page view. */
  let current: Visit | null = null;
  const store = { tabs: {} as Record<number, PersistedTab> };
  let worker = makeWorker(rand, screen, store, () => current?.url);

  const visits = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => VISITS[Math.floor(rand() * VISITS.length)]!);
  const steps: Step[] = [];
  visits.forEach((visit, i) => {
    // A cold worker receives the queued events of one page view together, in any order.
    // (The page's own messages keep their order: one channel, first in first out.)
    const group: Step[] = shuffle(
      [
        { kind: 'before', visit },
        { kind: 'commit', visit },
        { kind: 'hello', visit },
      ],
      rand,
    );
    group.splice(group.findIndex((s) => s.kind === 'hello') + 1 + Math.floor(rand() * 2), 0, { kind: 'snapshot', visit });
    if (rand() < 0.3) group.splice(Math.floor(rand() * group.length), 0, { kind: 'lists' });
    if (rand() < 0.3) group.splice(Math.floor(rand() * group.length), 0, { kind: 'restart' });
    // A snapshot of the page before, delivered late (it was sent just before the tab moved on).
    if (i > 0 && rand() < 0.3) group.splice(Math.floor(rand() * (group.length + 1)), 0, { kind: 'stale-snapshot', visit: visits[i - 1]! });
    steps.push(...group);
  });

  /**
   * The content script's messages are acknowledged; one whose worker died is sent again, as long
   * as its page is still open (a page the tab has left has no script any more).
   */
  const pageMessage = async (visit: Visit, send: (s: TabVerdictService) => Promise<unknown>) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (current !== visit) return;
      const w = worker;
      const reply = await send(w.service);
      if (!w.dead && reply) return;
      await turns(20);
    }
    throw new Error('the page message was never acknowledged');
  };

  const inFlight: Promise<unknown>[] = [];
  for (const step of steps) {
    const w = worker;
    if ((step.kind === 'before' || step.kind === 'commit' || step.kind === 'hello' || step.kind === 'snapshot') && current !== step.visit) {
      current = step.visit;
      lastViewStart = screen.warningPages.length;
    }
    switch (step.kind) {
      case 'before':
      case 'commit':
        inFlight.push(w.service.navigated(TAB, step.visit.url));
        break;
      case 'hello':
        inFlight.push(pageMessage(step.visit, (s) => s.pageHello(TAB, step.visit.url)));
        break;
      case 'snapshot':
        inFlight.push(pageMessage(step.visit, (s) => s.pageReported(TAB, { url: step.visit.url, text: step.visit.text })));
        break;
      case 'stale-snapshot':
        inFlight.push(w.service.pageReported(TAB, { url: step.visit.url, text: step.visit.text }));
        break;
      case 'lists':
        inFlight.push(w.service.rejudgeAddresses().then(() => w.service.refresh()));
        break;
      case 'restart': {
        // The worker is stopped mid-way; a new one restores what the old one persisted.
        w.kill();
        worker = makeWorker(rand, screen, store, () => current?.url);
        const fresh = worker;
        inFlight.push(
          (async () => {
            await turns(Math.floor(rand() * 12));
            fresh.service.restore(store.tabs);
          })(),
        );
        break;
      }
    }
    // Events arrive close together: sometimes before the previous one finished, sometimes after.
    if (rand() < 0.5) await turns(Math.floor(rand() * 12));
  }
  await Promise.allSettled(inFlight);
  await turns(200);
  return { visit: visits[visits.length - 1]!, screen, warnedInLastView: screen.warningPages.slice(lastViewStart) };
}

describe('tab verdict service: ordering under a cold start', () => {
  it('ends every interleaving with the verdict of the page the tab shows (2,000 random runs)', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 2000; seed++) {
      const { visit, screen, warnedInLastView } = await runScenario(seed);
      const want = expectedLevel(visit);
      const wantBadge = want === 'danger' ? '!' : want === 'caution' ? '?' : '';
      if (screen.badge?.text !== wantBadge) failures.push(`seed ${seed}: ${visit.url} badge "${screen.badge?.text}" want "${wantBadge}"`);
      // Danger puts RxRadar's warning page in the tab for this page; nothing else does.
      const warned = warnedInLastView.includes(visit.url);
      if (warned !== (want === 'danger')) failures.push(`seed ${seed}: ${visit.url} warning page ${warned ? 'shown' : 'not shown'} at ${want}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('a later, weaker address-only verdict never overwrites the page verdict of the same document', async () => {
    const shown: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const service = plainService({
      // The first decision (the navigation's) is slow: it finishes after the page's report.
      decisionInputs: async () => {
        if (calls++ === 0) await gate;
        return NO_DECISIONS;
      },
      setBadge: async (_t, b) => void shown.push(b.text),
    });
    const nav = service.navigated(1, 'https://rogue-shop.test/buy');
    const page = service.pageReported(1, { url: 'https://rogue-shop.test/buy', text: 'oxycodone' });
    release();
    await Promise.all([nav, page]);
    expect(service.state(1).verdict?.level).toBe('danger');
    expect(shown.at(-1)).toBe('!');
  });

  it('restoring a worker’s saved tabs does not replace what the new worker already judged', async () => {
    const service = plainService();
    await service.pageReported(3, { url: 'https://rogue-shop.test/buy', text: 'oxycodone' });
    service.restore({ 3: { url: 'https://clean.test/', engineVerdict: verdict('https://clean.test/', 'none'), fromPage: true } });
    expect(service.state(3).verdict?.level).toBe('danger');
  });

  it('a snapshot of a document the tab has left does not take over the tab', async () => {
    const service = plainService();
    await service.navigated(4, 'https://clean.test/news');
    await service.pageReported(4, { url: 'https://rogue-shop.test/buy', text: 'oxycodone' });
    expect(service.state(4).verdict?.url).toBe('https://clean.test/news');
    expect(service.state(4).verdict?.level).toBe('none');
  });
});

describe('tab verdict service: the first read of a long page', () => {
  const service = () => {
    const badges: string[] = [];
    const s = plainService({ setBadge: async (_t, b) => void badges.push(b.text) });
    return { s, badges };
  };

  it('a beginning that settles the page is taken like a whole report', async () => {
    const { s } = service();
    await s.navigated(5, 'https://clean.test/catalogue');
    const answer = await s.firstReadReported(5, { url: 'https://clean.test/catalogue', text: 'garden chairs and lamps' });
    expect(answer).toMatchObject({ level: 'none', url: 'https://clean.test/catalogue' });
    expect(s.state(5).verdict?.level).toBe('none');
  });

  it('a beginning that does not settle the page changes nothing and asks for the whole page', async () => {
    const { s, badges } = service();
    await s.navigated(6, 'https://listed.test/');
    const shown = badges.length;
    expect(await s.firstReadReported(6, { url: 'https://listed.test/', text: 'oxycodone' })).toBe('read-on');
    expect(badges.length).toBe(shown);
    expect(s.state(6).verdict?.level).toBe('danger');
    // The whole page, reported next, is judged as usual.
    await s.navigated(7, 'https://rogue-shop.test/buy');
    expect(await s.firstReadReported(7, { url: 'https://rogue-shop.test/buy', text: 'oxycodone' })).toBe('read-on');
    expect(s.state(7).verdict?.level).toBe('none');
    expect((await s.pageReported(7, { url: 'https://rogue-shop.test/buy', text: 'oxycodone' }))?.level).toBe('danger');
    expect(s.state(7).verdict?.level).toBe('danger');
  });

  it('a first read from a document the tab has left is not taken', async () => {
    const { s } = service();
    await s.navigated(8, 'https://clean.test/news');
    expect(await s.firstReadReported(8, { url: 'https://grey.test/', text: 'welcome' })).toBeNull();
    expect(s.state(8).verdict?.url).toBe('https://clean.test/news');
  });
});

describe('tab verdict service: a browser call that fails', () => {
  it('does not break the tab’s queue nor a refresh of all tabs (a tab closed or navigating)', async () => {
    let failBadge = true;
    const badges: string[] = [];
    const service = createTabVerdictService({
      engine: () => fakeEngine,
      t: (k) => k,
      decisionInputs: async () => NO_DECISIONS,
      setBadge: async (_t, b) => {
        if (failBadge) throw new Error('No tab with id: 9');
        badges.push(b.text);
      },
      sendToTab: async () => undefined,
      blockTab: async () => {
        throw new Error('Tabs cannot be edited right now');
      },
    });
    await service.navigated(9, 'https://listed.test/');
    await expect(service.refresh()).resolves.toBeUndefined();
    failBadge = false;
    await service.pageReported(9, { url: 'https://listed.test/', text: 'oxycodone' });
    expect(badges.at(-1)).toBe('!');
  });
});

describe('tab verdict service: the work each event costs on a cold start', () => {
  /** A service that counts its browser and storage calls. */
  function counted() {
    const calls = { decisions: 0, badges: [] as string[], persisted: 0 };
    const service = plainService({
      decisionInputs: async () => (calls.decisions++, NO_DECISIONS),
      setBadge: async (_tab, badge) => void calls.badges.push(badge.text),
      persist: async () => void calls.persisted++,
    });
    return { service, calls };
  }

  it('a second navigation event for the address the tab shows (before-navigate, then commit) neither decides again nor writes the states', async () => {
    const { service, calls } = counted();
    await service.navigated(3, 'https://listed.test/a');
    const before = { ...calls, badges: [...calls.badges] };
    await service.navigated(3, 'https://listed.test/a');
    expect(calls.badges).toEqual([...before.badges, '!']);
    expect(calls.decisions).toBe(before.decisions);
    expect(calls.persisted).toBe(before.persisted);
    expect(service.state(3).verdict?.level).toBe('danger');
  });

  it('a page’s hello for the address its navigation events already judged takes no turn and no browser call', async () => {
    const { service, calls } = counted();
    await service.navigated(3, 'https://listed.test/a');
    const before = { ...calls, badges: [...calls.badges] };
    expect((await service.pageHello(3, 'https://listed.test/a')).level).toBe('danger');
    expect(calls).toEqual(before);
  });

  it('a hello the navigation events did not announce (a worker that missed them) is judged as a navigation', async () => {
    const { service, calls } = counted();
    expect((await service.pageHello(3, 'https://listed.test/b')).level).toBe('danger');
    expect(calls.decisions).toBe(1);
    expect(calls.badges).toEqual(['!']);
    // A restored record (a worker started anew) is not taken as judged either.
    const fresh = counted();
    fresh.service.restore({ 3: { url: 'https://listed.test/b', engineVerdict: verdict('https://listed.test/b', 'danger'), fromPage: false } });
    await fresh.service.pageHello(3, 'https://listed.test/b');
    expect(fresh.calls.decisions).toBe(1);
  });

  it('a navigation to another address of the same host is judged afresh', async () => {
    const { service, calls } = counted();
    await service.navigated(3, 'https://clean.test/a');
    const decisions = calls.decisions;
    await service.navigated(3, 'https://clean.test/b');
    expect(calls.decisions).toBe(decisions + 1);
  });

  it('a page report is stored with when it was judged, after its verdict was shown; a navigation is not', async () => {
    let clock = 1000;
    const shown: string[] = [];
    const stored: Array<Record<number, PersistedTab>> = [];
    const s = plainService({
      now: () => clock,
      setBadge: async (_t, b) => void shown.push(b.text),
      persist: async (states) => void stored.push(structuredClone(states)),
    });
    await s.navigated(11, 'https://rogue-shop.test/buy');
    await vi.waitFor(() => expect(stored.at(-1)?.[11]).toMatchObject({ fromPage: false }));
    expect(stored.at(-1)![11]!.judgedAt).toBeUndefined();
    clock = 2000;
    const badgesBefore = shown.length;
    await s.pageReported(11, { url: 'https://rogue-shop.test/buy', text: 'oxycodone 30mg no prescription' });
    expect(shown.length).toBeGreaterThan(badgesBefore);
    await vi.waitFor(() => expect(stored.at(-1)?.[11]).toMatchObject({ fromPage: true, judgedAt: 2000 }));
  });

  it('a slow write of the tab states does not hold the next verdict, and the last states are written in the end', async () => {
    let release: () => void = () => undefined;
    const writes: Array<Record<number, PersistedTab>> = [];
    const badges: string[] = [];
    const service = plainService({
      setBadge: async (_tab, badge) => void badges.push(badge.text),
      persist: (states) => {
        writes.push(structuredClone(states));
        // The first write hangs until released (storage busy while the worker starts).
        return writes.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });
    await service.navigated(5, 'https://rogue-shop.test/buy');
    const verdict = await service.pageReported(5, { url: 'https://rogue-shop.test/buy', text: 'oxycodone 30mg' });
    expect(verdict?.level).toBe('danger');
    expect(badges.at(-1)).toBe('!');
    expect(writes).toHaveLength(1);
    release();
    await turns(10);
    // One more write, with the page's verdict: the writes in between were folded into it.
    expect(writes).toHaveLength(2);
    expect(writes[1]![5]!.engineVerdict.level).toBe('danger');
    expect(writes[1]![5]!.fromPage).toBe(true);
  });
});
