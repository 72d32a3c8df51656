/**
 * Names of the storage.local keys that pages watch (storage.onChanged) to stay live without
 * polling. Plain strings, so pages need not import the storage items (and their schemas).
 */

/** The outgoing report queue (storage-items.ts: reportQueueItem). */
export const REPORT_QUEUE_KEY = 'reportQueue';
/** Each subscribed feed's state, `feedState:<url>` (background/feed-storage-adapter.ts). */
export const FEED_STATE_PREFIX = 'feedState:';
/** Each subscribed feed's last good list, `feedList:<url>`. */
export const FEED_LIST_PREFIX = 'feedList:';
