/**
 * Words for verdicts and reasons in the user's language. Pure: the caller passes the translate
 * function (browser.i18n.getMessage in the extension, a fake in tests). Reason labels fall back to
 * the engine's English label when a language lacks a key.
 */
import type { Translate } from '../badge';
import type { ListMatch, Reason, Verdict } from '../../core/verdict';

export function messageKey(id: string): string {
  return `reason_${id.replace(/[^a-zA-Z0-9]/g, '_')}`;
}

/** A translation, or the fallback when the language has no such key. */
function tr(t: Translate, key: string, fallback: string, subs?: string | string[]): string {
  const s = t(key, subs);
  return s && s !== key ? s : fallback;
}

export function reasonLabel(reason: Reason, verdict: Verdict, t: Translate): string {
  if ((reason.id === 'authority-list' || reason.id === 'feed-list') && verdict.listMatch) return authorityLine(verdict.listMatch, t);
  if (reason.id === 'community-list' && verdict.listMatch) return tr(t, 'reason_community_list', reason.label, verdict.listMatch.source);
  if (reason.id === 'known-pharmacy' || reason.id === 'user-trusted' || reason.id === 'policy-allowlist')
    return tr(t, messageKey(reason.id), reason.label, reason.evidence[0] ?? '');
  return tr(t, messageKey(reason.id), reason.label);
}

export function authorityLine(m: ListMatch, t: Translate): string {
  const key = m.tier === 'feed' ? 'listFeed' : m.confidence === 'inferred' ? 'listInferred' : 'listAuthority';
  return tr(t, key, `${m.source} (${m.date ?? ''})`, [m.source, m.date ?? '']);
}

/** Reasons worth showing a person: list matches and risk signals first, then trust, no zero-weight context. */
export function shownReasons(v: Verdict): Reason[] {
  return v.reasons.filter(
    (r) =>
      r.kind === 'list' ||
      r.kind === 'risk' ||
      (r.kind === 'trust' && r.weight !== 0) ||
      r.id === 'known-pharmacy' ||
      r.id === 'user-trusted' ||
      r.id === 'policy-allowlist',
  );
}

/** Only http(s) links from list data become clickable. */
export function safeHttpUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}
