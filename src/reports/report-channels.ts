/**
 * Where a report can go besides a file: the official channels that take reports from the public
 * (src/data/channels/report-channels.json), chosen from the browser's language and region, and the
 * text each one asks for, ready to paste or in a mailto: link. Pure: nothing here opens, sends or
 * stores anything; the report page does that when the person presses a button.
 */
import type { ChannelCategory, ReportChannel } from './report-channels-schema';
import type { Report, ReportCategory } from './report-schema';

export type { ChannelCategory, ChannelKind, ReportChannel, ReportChannelFile } from './report-channels-schema';

/** EU member states: an `EU` channel fits them when they have no channel of their own. */
export const EU_REGIONS = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

/** Where a language alone (no region) most likely means: `hi` → India. */
const LANGUAGE_HOME: Record<string, string> = { hi: 'IN', es: 'ES', pt: 'PT', fr: 'FR', de: 'DE', it: 'IT', en: 'US' };

export interface Locale {
  language: string;
  region: string | null;
}

/** `es-ES` → {es, ES}; `hi` → {hi, IN}; `en_GB` → {en, GB}. Unreadable tags give null. */
export function parseLocale(tag: string | null | undefined): Locale | null {
  const m = /^([a-zA-Z]{2,3})(?:[-_](?:[a-zA-Z]{4}[-_])?([a-zA-Z]{2}|\d{3}))?(?:[-_].*)?$/.exec((tag ?? '').trim());
  if (!m) return null;
  const language = m[1]!.toLowerCase();
  const region = m[2] && /^[a-zA-Z]{2}$/.test(m[2]) ? m[2].toUpperCase() : (LANGUAGE_HOME[language] ?? null);
  return { language, region };
}

/** The first readable locale among the browser's languages (navigator.languages, then the UI language). */
export function browserLocale(tags: readonly (string | null | undefined)[]): Locale {
  // The first language decides. A tag of that language with a region says more than one without
  // (`es` then `es-MX`: Mexico); another language's region does not (`es` then `en-US`, as Chromium
  // lists them: Spain, not the United States).
  const parsed = tags.map((t) => ({ tag: t ?? '', locale: parseLocale(t) })).filter((x) => x.locale !== null);
  const first = parsed[0]?.locale;
  if (!first) return { language: 'en', region: 'US' };
  const withRegion = parsed.find((x) => x.locale!.language === first.language && /[-_][a-zA-Z]{2}(?:$|[-_])/.test(x.tag));
  return withRegion?.locale ?? first;
}

function regionFit(c: ReportChannel, region: string | null, hasOwn: boolean): number {
  if (region && c.regions.includes(region)) return 3;
  if (region && !hasOwn && EU_REGIONS.has(region) && c.regions.includes('EU')) return 2;
  if (c.regions.includes('*')) return 1;
  return 0;
}

/**
 * The channels for a report, best first: the person's own country's channel for this kind of
 * report, then channels anywhere that take it, then the rest of their country's channels (harm),
 * then everything else, so another can always be picked. A false alarm goes to no agency: none.
 */
export function rankChannels(channels: readonly ReportChannel[], category: ReportCategory | null, locale: Locale): ReportChannel[] {
  if (category === 'false-alarm') return [];
  const hasOwn = locale.region !== null && channels.some((c) => c.regions.includes(locale.region!));
  const scored = channels.map((c, i) => {
    const fits = category !== null && c.categories.includes(category);
    const region = regionFit(c, locale.region, hasOwn);
    const language = c.languages.includes(locale.language) ? 1 : 0;
    // Fit for this report's category counts only where the channel is for this person's region (or anywhere).
    const score = (fits && region > 0 ? 100 : 0) + region * 10 + (fits ? 5 : 0) + language;
    return { c, i, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.c.order ?? 100) - (b.c.order ?? 100) || a.i - b.i);
  return scored.map((s) => s.c);
}

export interface ChannelTextWords {
  site: string;
  address: string;
  found: string;
  date: string;
  note: string;
  category: string;
  /** The last line: who prepared it and that nothing was sent. */
  footer: string;
}

/** One reason as the text says it: its label and up to three quotes from the page. */
export interface ChannelTextReason {
  label: string;
  evidence: readonly string[];
}

const MAX_QUOTES_PER_REASON = 3;
/** The strongest reasons only (they come strongest first): what an agency needs to look, short enough for a mailto: link. */
const MAX_REASONS_IN_TEXT = 5;
const MAX_QUOTE_CHARS = 160;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Page text may hold line breaks or control characters: one line each, quoted. */
const oneLine = (s: string) =>
  s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The text a form asks for, to paste: the site, its address, what was found (with quotes from the
 * page), the date, the person's note. Plain text: it goes to the clipboard or into a mailto: body.
 */
export function channelText(report: Report, reasons: readonly ChannelTextReason[], w: ChannelTextWords): string {
  const lines = [`${w.site}: ${report.domain}`, `${w.address}: ${report.url}`, `${w.category}`, `${w.date}: ${report.time.slice(0, 10)}`];
  if (reasons.length > 0) {
    lines.push(`${w.found}:`);
    for (const r of reasons.slice(0, MAX_REASONS_IN_TEXT)) {
      const quotes = r.evidence
        .slice(0, MAX_QUOTES_PER_REASON)
        .map((e) => oneLine(e))
        .filter((e) => e.length > 0)
        .map((e) => `"${clip(e, MAX_QUOTE_CHARS)}"`);
      lines.push(`- ${oneLine(r.label)}${quotes.length > 0 ? `: ${quotes.join(', ')}` : ''}`);
    }
  }
  const note = report.note.trim();
  if (note) lines.push(`${w.note}: ${note}`);
  lines.push('', w.footer);
  return `${lines.join('\n')}\n`;
}

/** Mail programs cut long mailto: links; past this the body says the full text is on the clipboard. */
export const MAX_MAILTO_CHARS = 1900;

export function mailtoUrl(to: string, subject: string, body: string, tooLongBody: string): string {
  const make = (b: string) => `mailto:${encodeURIComponent(to).replace(/%40/g, '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(b)}`;
  const full = make(body);
  return full.length <= MAX_MAILTO_CHARS ? full : make(tooLongBody);
}

/** The project's public tracker from package.json's `bugs` or `repository` (a fork points at itself). */
export function issueTrackerUrl(pkg: { bugs?: string | { url?: string }; repository?: string | { url?: string } }): string | null {
  const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url;
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  for (const candidate of [bugs, repo ? `${repo.replace(/^git\+/, '').replace(/\.git$/, '')}/issues` : undefined]) {
    if (!candidate) continue;
    try {
      const u = new URL(candidate);
      if (u.protocol === 'https:') return u.href.replace(/\/$/, '');
    } catch {
      // not an address
    }
  }
  return null;
}

/** GitHub and GitLab take a new issue's title and body as URL parameters. */
export const MAX_ISSUE_URL_CHARS = 8000;

export function newIssueUrl(tracker: string, title: string, body: string, tooLongBody: string): string {
  const make = (b: string) => `${tracker}/new?title=${encodeURIComponent(title)}&body=${encodeURIComponent(b)}`;
  const full = make(body);
  return full.length <= MAX_ISSUE_URL_CHARS ? full : make(tooLongBody);
}
