/**
 * The block page (block mode): calmly says what was blocked and why, with the same evidence and
 * sources as the popup, offers "Go back", and lets a parent through with the PIN (or not at all
 * when policy says so). Page-derived text goes in as text only.
 */
import type { Translate } from '../badge';
import type { BlockInfo, UiMessage } from '../messages';
import type { Outcome } from '../family/protection-service';
import { h } from './dom';
import { authorityLine, reasonLabel, safeHttpUrl, shownReasons } from './reason-text';

export interface BlockPageDeps {
  t: Translate;
  send: (m: UiMessage) => Promise<unknown>;
  goBack: () => void;
  /** Opens the blocked address after a pass was granted. */
  open: (url: string) => void;
}

export function renderBlockPage(root: HTMLElement, url: string, info: BlockInfo, deps: BlockPageDeps): void {
  const { t } = deps;
  const v = info.verdict;
  const host = v.host || url;
  const back = h('button', { type: 'button', class: 'primary' }, t('goBack'));
  back.addEventListener('click', () => deps.goBack());

  const reasons = h('ul', { class: 'reasons' });
  const shown = shownReasons(v).filter((r) => r.kind === 'list' || r.kind === 'risk').slice(0, 6);
  for (const r of shown) {
    const li = h('li', {}, h('span', { class: 'label' }, reasonLabel(r, v, t)));
    if (r.kind === 'list' && v.listMatch) {
      const href = safeHttpUrl(v.listMatch.sourceUrl);
      if (href) li.append(' ', h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, t('readSource')));
    } else if (r.evidence.length > 0) {
      li.append(h('span', { class: 'evidence' }, r.evidence.slice(0, 2).map((e) => `“${e}”`).join('  ')));
    }
    reasons.append(li);
  }

  root.replaceChildren(
    h(
      'div',
      { class: 'box' },
      h('p', { class: 'brand' }, 'RxRadar'),
      h('h1', {}, t('blockTitle')),
      h('p', { class: 'lead' }, t(v.level === 'caution' ? 'blockLeadCaution' : 'blockLead', host)),
      // The authority's words once: as a reason with its source link, or here when no reason shows them.
      v.listMatch && v.listMatch.tier === 'authority' && !shown.some((r) => r.id === 'authority-list') ? h('p', {}, authorityLine(v.listMatch, t)) : null,
      h('h2', {}, t('warnFound')),
      reasons,
      h('div', { class: 'actions' }, back),
      proceedSection(url, info, deps),
      h('p', { class: 'help' }, t('warnHelp')),
    ),
  );
  back.focus();
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
    const result = (await deps.send({ type: 'proceed', url, pin })) as Outcome;
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

export function pinErrorText(result: Outcome, t: Translate): string {
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
