/**
 * The parent's activity log: warned and blocked visits, domains only (no paths, no page text),
 * bounded, kept on this device. Pure: storage is the caller's.
 */
import { z } from '../../core/zod';

export const ACTIVITY_LOG_MAX = 500;

export const ActivityEntrySchema = z.object({
  domain: z.string(),
  time: z.number(),
  level: z.enum(['danger', 'caution']),
  action: z.enum(['warned', 'blocked', 'proceeded', 'continued']),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

/** Adds an entry, newest first; a repeat of the same domain and action within a minute is folded in. */
export function appendActivity(log: readonly ActivityEntry[], entry: ActivityEntry, max = ACTIVITY_LOG_MAX): ActivityEntry[] {
  const last = log[0];
  if (last && last.domain === entry.domain && last.action === entry.action && last.level === entry.level && entry.time - last.time < 60_000) {
    return [{ ...last, time: entry.time }, ...log.slice(1)];
  }
  return [entry, ...log].slice(0, max);
}

export function parseActivityLog(value: unknown): ActivityEntry[] {
  const parsed = z.array(ActivityEntrySchema).safeParse(value);
  return parsed.success ? parsed.data.slice(0, ACTIVITY_LOG_MAX) : [];
}
