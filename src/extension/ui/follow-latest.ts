import type { WatchStorage } from './storage-watch';

/**
 * The page's one follower of the keys `matches` names, for a section the page builds again (the
 * options page rebuilds a section when its settings change): the watch is made the first time,
 * and each change calls the refresh of the latest build only.
 */
export function followLatest(matches: (key: string) => boolean): (watch: WatchStorage, refresh: () => void | Promise<void>) => void {
  let latest: (() => void | Promise<void>) | null = null;
  let following = false;
  return (watch, refresh) => {
    latest = refresh;
    if (following) return;
    following = true;
    watch(matches, () => void latest?.());
  };
}
