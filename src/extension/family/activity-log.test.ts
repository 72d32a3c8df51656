import { describe, expect, it } from 'vitest';
import { type ActivityEntry, appendActivity, parseActivityLog } from './activity-log';

const e = (domain: string, time: number, action: ActivityEntry['action'] = 'blocked'): ActivityEntry => ({ domain, time, level: 'danger', action });

describe('activity log', () => {
  it('keeps newest first and is bounded', () => {
    let log: ActivityEntry[] = [];
    for (let i = 0; i < 20; i++) log = appendActivity(log, e(`d${i}.com`, i * 100_000), 10);
    expect(log).toHaveLength(10);
    expect(log[0]!.domain).toBe('d19.com');
  });

  it('folds a repeat of the same visit within a minute', () => {
    const log = appendActivity(appendActivity([], e('x.com', 0)), e('x.com', 30_000));
    expect(log).toEqual([e('x.com', 30_000)]);
    expect(appendActivity(log, e('x.com', 200_000))).toHaveLength(2);
  });

  it('reads only valid entries: domains, times, levels, actions; nothing else', () => {
    expect(parseActivityLog([e('x.com', 1)])).toEqual([e('x.com', 1)]);
    expect(parseActivityLog([{ ...e('x.com', 1), path: '/secret' }])).toEqual([e('x.com', 1)]);
    expect(parseActivityLog('garbage')).toEqual([]);
  });
});
