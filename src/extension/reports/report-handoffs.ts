/**
 * Where the person took each report (an agency's form, an e-mail, the project's tracker): a short
 * list kept on this device only, shown under "Your reports". RxRadar sends nothing to these
 * channels itself; this records that the person was handed the report for one of them.
 */
import { z } from '../../core/zod';
import { ReportCategorySchema } from '../../reports/report-schema';

export const MAX_HANDOFFS = 50;

export const ReportHandoffSchema = z.strictObject({
  reportId: z.uuid(),
  domain: z.string().check(z.minLength(1), z.maxLength(253)),
  category: ReportCategorySchema,
  /** A channel id from src/data/channels/report-channels.json, or `project` for the project's tracker. */
  channelId: z.string().check(z.regex(/^[a-z0-9-]{1,80}$/)),
  channelName: z.string().check(z.minLength(1), z.maxLength(160)),
  kind: z.enum(['web-form', 'web-page', 'e-mail', 'phone', 'issue']),
  /** When (ms since 1970). */
  at: z.number().check(z.int(), z.gte(0)),
});
export type ReportHandoff = z.infer<typeof ReportHandoffSchema>;

/** The stored list, newest first; anything unreadable is dropped rather than failing the page. */
export function parseHandoffs(raw: unknown): ReportHandoff[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((x) => {
    const r = ReportHandoffSchema.safeParse(x);
    return r.success ? [r.data] : [];
  });
}

/** Adds one at the front; the same report to the same channel again only moves it up. At most MAX_HANDOFFS. */
export function addHandoff(raw: unknown, h: ReportHandoff): ReportHandoff[] {
  const parsed = ReportHandoffSchema.parse(h);
  const rest = parseHandoffs(raw).filter((x) => !(x.reportId === parsed.reportId && x.channelId === parsed.channelId));
  return [parsed, ...rest].slice(0, MAX_HANDOFFS);
}

/**
 * The stored list behind the report pages (the background keeps it): reads, and records one more.
 * Writes go one after another, so two report pages cannot overwrite each other's entry.
 */
export function createHandoffStore(storage: { read(): Promise<unknown>; write(list: ReportHandoff[]): Promise<void> }) {
  let writing: Promise<unknown> = Promise.resolve();
  return {
    async list(): Promise<ReportHandoff[]> {
      return parseHandoffs(await storage.read());
    },
    /** False (nothing stored) when `handoff` is not a valid hand-off. */
    record(handoff: unknown): Promise<boolean> {
      const parsed = ReportHandoffSchema.safeParse(handoff);
      if (!parsed.success) return Promise.resolve(false);
      const done = writing.catch(() => undefined).then(async () => storage.write(addHandoff(await storage.read(), parsed.data)));
      writing = done;
      return done.then(() => true);
    },
  };
}
