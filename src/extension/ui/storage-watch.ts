/**
 * Live views follow storage instead of polling: the background writes the report queue and the
 * feed states as they change, and storage.onChanged tells every open page.
 */
import { browser } from 'wxt/browser';

/** Calls `onChange` when a storage.local key that `matches` changes (written by any page or the background); returns the way to stop. */
export type WatchStorage = (matches: (key: string) => boolean, onChange: () => void) => () => void;

export const watchLocalStorage: WatchStorage = (matches, onChange) => {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && Object.keys(changes).some(matches)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
};
