/**
 * Words for reports, shared by the report page and the options page: the category of a report
 * and where it is in the outgoing queue.
 */
import type { Translate } from '../badge';
import type { ReportQueueItemView } from '../messages';

export function categoryLabel(category: string, t: Translate): string {
  switch (category) {
    case 'rogue-pharmacy':
      return t('reportCategoryRogue');
    case 'precursor-seller':
      return t('reportCategoryPrecursor');
    case 'false-alarm':
      return t('reportCategoryFalseAlarm');
    default:
      return category;
  }
}

/** Where a report is, in words: waiting (next try, attempts, last problem), sending, sent, or not sent and why. */
export function queueStatusText(item: ReportQueueItemView, t: Translate, formatTime: (ms: number) => string): string {
  switch (item.status) {
    case 'queued': {
      const parts = [item.nextAttemptAt !== undefined ? t('reportQueueQueuedAt', formatTime(item.nextAttemptAt)) : t('reportQueueQueued')];
      if (item.attempts > 0) parts.push(t('reportQueueAttempts', String(item.attempts)));
      if (item.lastError) parts.push(t('reportQueueLastError', item.lastError));
      return parts.join(' ');
    }
    case 'sending':
      return t('reportQueueSending');
    case 'sent':
      return item.finishedAt !== undefined ? t('reportQueueSentAt', formatTime(item.finishedAt)) : t('reportQueueSent');
    case 'failed':
      return t('reportQueueFailed', item.lastError ?? '?');
  }
}
