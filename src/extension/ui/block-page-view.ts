/**
 * RxRadar's page in the tab, in place of a dangerous site: the full-page warning (warn mode) or
 * the block page (block mode). An extension page, so no script of the site can cover, remove or
 * click it. It calmly says what was found and why, with the same evidence and sources as the
 * popup, offers "Go back" first, then "Continue anyway" (warn mode), a parent's PIN (block mode,
 * or nothing when policy says so), and "Report this site…". Page-derived text goes in as text only.
 */
import type { Translate } from '../badge';
import type { BlockInfo, SendUi } from '../messages';
import type { Outcome } from '../family/protection-service';
import { h } from './dom';
import { authorityLine, reasonLabel, safeHttpUrl, shownReasons } from './reason-text';

export interface BlockPageDeps {
  t: Translate;
  send: SendUi;
  goBack: () => void;
  /** Opens the site after "Continue anyway" or a parent's pass. */
  open: (url: string) => void;
  /** "Report this site…" (absent: no such button). */
  report?: () => Promise<void>;
}

/** Shown instead of the page when it is loaded inside a frame: no verdict, no buttons, nothing to click through. */
export function renderFramed(root: HTMLElement, t: Translate): void {
  root.replaceChildren(h('div', { class: 'box' }, h('p', { class: 'brand' }, 'RxRadar'), h('p', {}, t('framedRefused'))));
}

export function renderBlockPage(root: HTMLElement, url: string, info: BlockInfo, deps: BlockPageDeps): void {
  const { t } = deps;
  const v = info.verdict;
  const host = v.host || url;
  const warn = info.mode === 'warn';
  const back = h('button', { type: 'button', class: 'primary' }, t('goBack'));
  back.addEventListener('click', () => deps.goBack());

  const reasons = h('ul', { class: 'reasons' });
  const shown = shownReasons(v)
    .filter((r) => r.kind === 'list' || r.kind === 'risk')
    .slice(0, 6);
  for (const r of shown) {
    const li = h('li', {}, h('span', { class: 'label' }, reasonLabel(r, v, t)));
    if (r.kind === 'list' && v.listMatch) {
      const href = safeHttpUrl(v.listMatch.sourceUrl);
      if (href) li.append(' ', h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('readSource')));
    } else if (r.evidence.length > 0) {
      li.append(
        h(
          'span',
          { class: 'evidence' },
          r.evidence
            .slice(0, 2)
            .map((e) => `“${e}”`)
            .join('  '),
        ),
      );
    }
    reasons.append(li);
  }

  const chemicals = v.reasons.some((r) => r.id === 'precursor-offer' || r.id === 'nitazene-offer' || r.id === 'xylazine-offer');
  const lead = warn ? t(chemicals ? 'warnLeadChemical' : 'warnLead', host) : t(v.level === 'caution' ? 'blockLeadCaution' : 'blockLead', host);
  let report: HTMLElement | null = null;
  if (deps.report) {
    const button = h('button', { type: 'button', class: 'link' }, t('warnReport'));
    const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
    button.addEventListener('click', () => {
      void deps.report!().catch(() => {
        status.textContent = t('reportCannotStart');
      });
    });
    report = h('p', { class: 'report' }, button, ' ', status);
  }

  root.replaceChildren(
    h(
      'div',
      { class: warn ? 'box warn' : 'box' },
      h('p', { class: 'brand' }, 'RxRadar'),
      h('h1', { id: 'title' }, t(warn ? 'warnTitle' : 'blockTitle')),
      h('p', { class: 'lead', id: 'lead' }, lead),
      warn ? h('p', { class: 'risk' }, t('warnRisk')) : null,
      // The choice comes before the reasons: "Go back" is on screen without scrolling on small or zoomed-in screens.
      h('div', { class: 'actions' }, back),
      // The authority's words once: as a reason with its source link, or here when no reason shows them.
      v.listMatch && v.listMatch.tier === 'authority' && !shown.some((r) => r.id === 'authority-list') ? h('p', {}, authorityLine(v.listMatch, t)) : null,
      h('h2', {}, t('warnFound')),
      reasons,
      warn ? continueSection(url, deps) : proceedSection(url, info, deps),
      h('p', { class: 'help' }, t('warnHelp')),
      report,
    ),
  );
  back.focus();
}

/** Warn mode: the person may go on to the site; RxRadar remembers it for this site until the browser closes. */
function continueSection(url: string, deps: BlockPageDeps): HTMLElement {
  const { t } = deps;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const go = h('button', { type: 'button', class: 'quiet' }, t('continueAnyway'));
  go.addEventListener('click', () => {
    void deps.send({ type: 'continue-site', url }).then((result) => {
      if (result?.ok) deps.open(url);
      else status.textContent = result ? pinErrorText(result, t) : t('pinWrong');
    });
  });
  return h('section', { class: 'proceed continue' }, go, status);
}

function proceedSection(url: string, info: BlockInfo, deps: BlockPageDeps): HTMLElement {
  const { t } = deps;
  const section = h('section', { class: 'proceed', 'aria-labelledby': 'proceed-title' }, h('h2', { id: 'proceed-title' }, t('blockProceedTitle')));
  if (!info.allowProceed) {
    section.append(h('p', {}, t('blockNoProceed')));
    return section;
  }
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const submit = async (pin?: string) => {
    const result = await deps.send({ type: 'proceed', url, pin });
    if (!result) {
      status.textContent = t('pinWrong');
      return;
    }
    if (result.ok) {
      deps.open(url);
      return;
    }
    status.textContent = pinErrorText(result, t);
  };
  if (!info.hasPin) {
    const go = h('button', { type: 'button', class: 'quiet' }, t('continueAnyway'));
    go.addEventListener('click', () => void submit());
    section.append(h('p', {}, t('blockNoPinNote')), go, status);
    return section;
  }
  const input = h('input', { type: 'password', id: 'pin', inputmode: 'numeric', autocomplete: 'off', maxlength: '12', 'aria-describedby': 'pin-help' });
  const go = h('button', { type: 'submit', class: 'quiet' }, t('blockProceed'));
  const form = h('form', { class: 'pin-form' }, h('label', { for: 'pin' }, t('pinLabel')), input, go);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit(input.value).then(() => {
      input.value = '';
    });
  });
  section.append(h('p', { id: 'pin-help' }, t('blockPinNote')), form, status);
  return section;
}

/** Words for a refusal from the background (a PIN check, a pass, a change); an unknown code reads as a wrong PIN. */
export function pinErrorText(result: Outcome | { ok: false; error: string; retryAt?: number } | null, t: Translate): string {
  if (!result) return t('pinWrong');
  if (result.ok) return '';
  switch (result.error) {
    case 'wrong':
      return result.retryAt ? t('pinWrongWait', new Date(result.retryAt).toLocaleTimeString()) : t('pinWrong');
    case 'throttled':
      return t('pinThrottled', new Date(result.retryAt ?? Date.now()).toLocaleTimeString());
    case 'not-allowed':
      return t('blockNoProceed');
    case 'locked':
      return t('pinNeeded');
    case 'managed':
      return t('setByAdmin');
    case 'bad-pin-format':
      return t('pinFormat');
    case 'pin-too-simple':
      return t('pinTooSimple');
    default:
      return t('pinWrong');
  }
}
