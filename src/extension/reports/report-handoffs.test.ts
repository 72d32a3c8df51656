import { describe, expect, it } from 'vitest';
import { addHandoff, createHandoffStore, MAX_HANDOFFS, parseHandoffs, type ReportHandoff } from './report-handoffs';

const h = (n: number, channelId = 'fda-buyonline'): ReportHandoff => ({
  reportId: `0f8fad5b-d9cb-469f-a165-${String(n).padStart(12, '0')}`,
  domain: 'bad-meds.com',
  category: 'rogue-pharmacy',
  channelId,
  channelName: 'FDA',
  kind: 'web-form',
  at: 1_700_000_000_000 + n,
});

describe('report handoffs', () => {
  it('newest first; the same report to the same channel is kept once', () => {
    let list = addHandoff(null, h(1));
    list = addHandoff(list, h(2));
    list = addHandoff(list, { ...h(1), at: 9 });
    expect(list.map((x) => [x.reportId.slice(-1), x.at])).toEqual([
      ['1', 9],
      ['2', h(2).at],
    ]);
    list = addHandoff(list, h(1, 'dea-tips'));
    expect(list).toHaveLength(3);
  });

  it(`keeps at most ${MAX_HANDOFFS}`, () => {
    let list: ReportHandoff[] = [];
    for (let i = 0; i < MAX_HANDOFFS + 5; i++) list = addHandoff(list, h(i));
    expect(list).toHaveLength(MAX_HANDOFFS);
    expect(list[0]!.at).toBe(h(MAX_HANDOFFS + 4).at);
  });

  it('drops unreadable stored entries instead of failing; refuses to add a bad one', () => {
    expect(parseHandoffs([h(1), { reportId: 'x' }, 'junk', { ...h(2), channelName: '' }])).toEqual([h(1)]);
    expect(parseHandoffs({})).toEqual([]);
    expect(() => addHandoff([], { ...h(1), channelId: '<img>' })).toThrow();
  });
});

describe('the hand-off store (kept by the background for every report page)', () => {
  /** A storage whose reads and writes take turns with other work, as browser storage does. */
  function slowStorage() {
    let stored: unknown = [];
    const tick = () => new Promise((r) => setTimeout(r, 1));
    return {
      read: async () => (await tick(), stored),
      write: async (list: ReportHandoff[]) => {
        await tick();
        stored = list;
      },
      get stored() {
        return stored;
      },
    };
  }

  it('records made at once from two report pages are all kept', async () => {
    const storage = slowStorage();
    const store = createHandoffStore(storage);
    expect(await Promise.all([1, 2, 3, 4].map((n) => store.record(h(n))))).toEqual([true, true, true, true]);
    expect((await store.list()).map((x) => x.at)).toEqual([4, 3, 2, 1].map((n) => h(n).at));
  });

  it('refuses what is not a hand-off, and stores nothing for it', async () => {
    const storage = slowStorage();
    const store = createHandoffStore(storage);
    expect(await store.record({ ...h(1), channelId: 'NOT VALID' })).toBe(false);
    expect(await store.record('x')).toBe(false);
    expect(storage.stored).toEqual([]);
  });
});
