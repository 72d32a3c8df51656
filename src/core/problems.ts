/**
 * Structured problems: what the core says when it refuses input. A UI chooses its own words (and
 * the form field to mark) by `field` and `code`, never by parsing the English `message`; a command
 * line prints problemText.
 */

export interface Problem {
  /** What the problem is about: a field's path (`source`, `evidence.0`), or the list entry at fault. */
  field: string;
  /** Stable and machine-readable: zod's issue code, or the core's own. */
  code: string;
  /** Words for people, in English, without the field. */
  message: string;
}

/** What a validation error carries (zod's ZodError, structurally). */
interface IssueSource {
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; code: string; message: string }>;
}

/** The problems of a failed validation; `field` overrides the issue's own path (an entry named by its domain). */
export function problemsOf(error: IssueSource, field?: string): Problem[] {
  return error.issues.map((i) => ({ field: field ?? i.path.map(String).join('.'), code: i.code, message: i.message }));
}

/** One line for people: `field: message` (or the message alone for input-wide problems). */
export function problemText(p: Problem): string {
  return p.field ? `${p.field}: ${p.message}` : p.message;
}
