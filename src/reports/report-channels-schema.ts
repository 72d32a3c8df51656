/**
 * The schema of the official report channels file (src/data/channels/report-channels.json):
 * checked by the build (the report page gets the file validated) and by the data lint test. The
 * channel logic (report-channels.ts) uses only its types.
 */
import { z } from '../core/zod';

export const ChannelKindSchema = z.enum(['web-form', 'web-page', 'e-mail', 'phone']);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/** What a channel takes: the report categories, plus `harm` (someone was hurt by a product bought online). */
export const ChannelCategorySchema = z.enum(['rogue-pharmacy', 'precursor-seller', 'harm']);
export type ChannelCategory = z.infer<typeof ChannelCategorySchema>;

const HTTPS_URL = z.url({ protocol: /^https$/ });
const EMAIL = z.email();

export const ReportChannelSchema = z
  .strictObject({
    id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)),
    name: z.string().check(z.minLength(5), z.maxLength(120)),
    /** ISO 3166-1 alpha-2 codes, `EU` (any EU member state) or `*` (anywhere). */
    regions: z.array(z.string().check(z.regex(/^([A-Z]{2}|\*)$/))).check(z.minLength(1)),
    /** BCP 47 primary language subtags the channel works in. */
    languages: z.array(z.string().check(z.regex(/^[a-z]{2,3}$/))).check(z.minLength(1)),
    kind: ChannelKindSchema,
    /** A web address (https), an e-mail address or a phone number, by kind. */
    address: z.string().check(z.minLength(3), z.maxLength(300)),
    /** The agency's own page that says it takes such reports. */
    sourceUrl: HTTPS_URL,
    /** What the channel asks for, in its own terms (English). */
    asks: z.array(z.string().check(z.minLength(3), z.maxLength(200))).check(z.minLength(1)),
    categories: z.array(ChannelCategorySchema).check(z.minLength(1)),
    /** When the address and source were last checked (YYYY-MM-DD). */
    checked: z.iso.date(),
    /** Lower comes first among equally fitting channels (default 100). */
    order: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1000))),
    note: z.optional(z.string().check(z.maxLength(400))),
  })
  .check(
    z.superRefine((c, ctx) => {
      const ok =
        c.kind === 'e-mail'
          ? EMAIL.safeParse(c.address).success
          : c.kind === 'phone'
            ? /^\+?[0-9 ()-]{6,20}$/.test(c.address)
            : HTTPS_URL.safeParse(c.address).success;
      if (!ok) ctx.addIssue({ code: 'custom', path: ['address'], message: `not a valid ${c.kind} address` });
    }),
  );
export type ReportChannel = z.infer<typeof ReportChannelSchema>;

export const ReportChannelFileSchema = z.strictObject({
  about: z.string().check(z.minLength(20)),
  updated: z.iso.date(),
  channels: z.array(ReportChannelSchema).check(z.minLength(1)),
});
export type ReportChannelFile = z.infer<typeof ReportChannelFileSchema>;
