import { describe, expect, it } from 'vitest';
import { followLatest } from './follow-latest';
import type { WatchStorage } from './storage-watch';

describe('followLatest', () => {
  it('watches once, for the keys it names, and calls only the latest refresh', () => {
    const listeners: Array<{ matches: (key: string) => boolean; onChange: () => void }> = [];
    const watch: WatchStorage = (matches, onChange) => {
      listeners.push({ matches, onChange });
      return () => undefined;
    };
    const follow = followLatest((key) => key === 'queue');
    const calls: string[] = [];
    follow(watch, () => void calls.push('first build'));
    follow(watch, () => void calls.push('second build'));
    expect(listeners).toHaveLength(1);
    expect(listeners[0]!.matches('queue')).toBe(true);
    expect(listeners[0]!.matches('feed:x')).toBe(false);
    listeners[0]!.onChange();
    expect(calls).toEqual(['second build']);
  });
});
