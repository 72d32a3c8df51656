/**
 * Which of a page's link hosts are flagged, answered in the background from the lists in force
 * (nothing leaves the browser). The content script sends the hosts its links lead to (redirect
 * wrappers already taken off, see core/links/link-target.ts); the answer names the flagged ones
 * and why, in one line with the list's source. Built by a factory with its dependencies passed in.
 */
import type { Engine } from '../../core/engine';
import { normalizeHost } from '../../core/domain/normalize-host';
import { searchEngineOf } from '../../core/links/link-target';
import type { Translate } from '../badge';
import type { AnnotateLinks } from '../policy/policy-schema';
import { reasonLabel } from '../ui/reason-text';
import { applyUserDecisions, type DecisionInputs } from '../user-decisions';

/** Most hosts one message may ask about (a page sends more in several messages). */
export const MAX_LINK_HOSTS = 1000;

export type LinkMarkLevel = 'danger' | 'caution' | 'verified';

export interface LinkMark {
  host: string;
  level: LinkMarkLevel;
  /** Block mode: following the link lands on the block page. */
  blocked: boolean;
  /** Why, in one line, with the list's source (in the user's language where translated). */
  reason: string;
  /** The mark's text ("Danger", "Blocked"...) and its accessible name, in the user's language: the
   * content script never looks up messages itself (the first lookup in a page loads the whole
   * message bundle, synchronously, while the page waits). */
  label: string;
  aria: string;
}

/** A mark's text by what it says, with the message that translates it. */
const LABELS: Record<'danger' | 'blocked' | 'caution' | 'verified', [string, string]> = {
  danger: ['linkMarkDanger', 'Danger'],
  blocked: ['linkMarkBlocked', 'Blocked'],
  caution: ['linkMarkCaution', 'Caution'],
  verified: ['linkMarkVerified', 'Verified'],
};

export interface LinkCheckReply {
  /** False: marking is off for this page (policy or option); the content script stops looking. */
  enabled: boolean;
  /** The page is a search engine's result page (caution and verified marks are shown there only). */
  search: boolean;
  marks: LinkMark[];
}

export interface LinkCheckDeps {
  engine: () => Engine | Promise<Engine>;
  decisionInputs: () => Promise<DecisionInputs>;
  annotateLinks: () => Promise<AnnotateLinks>;
  t: Translate;
}

export function createLinkChecker(deps: LinkCheckDeps) {
  return {
    /** `pageUrl` is the sender's address as the browser knows it (not as the page says). */
    async check(pageUrl: string, hosts: readonly string[]): Promise<LinkCheckReply> {
      const setting = await deps.annotateLinks();
      const search = searchEngineOf(pageUrl) !== null;
      if (setting === 'off' || (setting === 'search' && !search)) return { enabled: false, search, marks: [] };
      const inputs = await deps.decisionInputs();
      const engine = await deps.engine();
      const marks: LinkMark[] = [];
      const add = (host: string, level: LinkMarkLevel, blocked: boolean, reason: string) => {
        const [key, fallback] = LABELS[blocked ? 'blocked' : level];
        const label = tr(deps.t, key, fallback);
        const aria = deps.t('linkMarkAria', [label, reason]);
        marks.push({ host, level, blocked, reason, label, aria: aria && aria !== 'linkMarkAria' ? aria : `RxRadar: ${label}. ${reason}` });
      };
      const seen = new Set<string>();
      for (const raw of hosts.slice(0, MAX_LINK_HOSTS)) {
        if (seen.has(raw)) continue;
        seen.add(raw);
        const h = normalizeHost(raw);
        if (!h || h.isIp) continue;
        const decided = applyUserDecisions(engine.checkUrl(`https://${h.host}/`), { ...inputs, continued: [] });
        const v = decided.verdict;
        const reason = v.reasons[0];
        if (v.level === 'danger' || (v.level === 'caution' && search)) {
          add(raw, v.level, decided.blocked, reason ? oneLine(reasonLabel(reason, v, deps.t)) : '');
        } else if (search && v.level === 'none' && !decided.trusted) {
          // Quiet "verified": a known licensed pharmacy, or a .pharmacy address (NABP checks every one).
          if (reason?.id === 'known-pharmacy') add(raw, 'verified', false, oneLine(reasonLabel(reason, v, deps.t)));
          else if (h.suffix === 'pharmacy')
            add(raw, 'verified', false, tr(deps.t, 'linkMarkDotPharmacy', 'A .pharmacy address: only pharmacies checked by NABP get one'));
        }
      }
      return { enabled: true, search, marks };
    },
  };
}

function tr(t: Translate, key: string, fallback: string): string {
  const s = t(key);
  return s && s !== key ? s : fallback;
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export type LinkChecker = ReturnType<typeof createLinkChecker>;
