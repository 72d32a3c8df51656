/**
 * The calendar day written in list files and reports (a list's `updated`, an entry's `date`, a
 * report's day), as YYYY-MM-DD in UTC: a list made with the CLI and one made in the browser's
 * researcher tools at the same moment say the same day, whatever the maintainer's time zone.
 * The one helper for it (the CLI used UTC, the researcher tools the local day).
 */
export function listDay(d: Date = new Date()): string {
  return d.toISOString().slice(0, 10);
}
