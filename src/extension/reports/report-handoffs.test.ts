import { describe, expect, it } from 'vitest';
import { addHandoff, MAX_HANDOFFS, parseHandoffs, type ReportHandoff } from './report-handoffs';

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
