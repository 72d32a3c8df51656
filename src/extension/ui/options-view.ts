/**
 * The options page: protection mode and the parent's PIN lock, the sites the user trusts
 * (undoable), the community list switch, the activity log, private windows, what RxRadar checks
 * and its privacy promise. Every change goes through the background, which enforces the lock and
 * browser policy; the page only shows what it is told. Settings fixed by policy say so and offer
 * no control.
 */
import type { Translate } from '../badge';
import type { ActivityEntry } from '../family/activity-log';
import type { Outcome, ProtectionState } from '../family/protection-service';
import type { SendUi } from '../messages';
import type { PolicyKey } from '../policy/policy-schema';
import type { TrustedSite } from '../user-decisions';
import { SIGNALS, type SignalId } from '../../core/signals/signal-catalog';
import { pinErrorText } from './block-page-view';
import { h } from './dom';
import { feedsSection } from './options-feeds-view';
import { type Reporter, reportsSection, type SectionDeps } from './options-reports-view';
import { messageKey } from './reason-text';
import { researcherTools } from './researcher-tools-view';
import type { WatchStorage } from './storage-watch';

export interface OptionsDeps {
  t: Translate;
  send: SendUi;
  trustedSites: () => Promise<TrustedSite[]>;
  /** Follows storage.local keys (the report queue and the feed states stay live). */
  watch: WatchStorage;
}

type FullState = ProtectionState & { incognitoAllowed: boolean | null };

export async function renderOptions(root: HTMLElement, deps: OptionsDeps): Promise<void> {
  const { t } = deps;
  const state = await deps.send({ type: 'get-protection-state' });
  if (!state) {
    // No answer from the background's family part: nothing here can be shown truthfully.
    root.replaceChildren(h('h1', {}, t('optionsTitle')), h('p', { role: 'alert' }, t('optReportsRefused')));
    return;
  }
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const rerender = async (message?: string, focusId?: string) => {
    // Keyboard focus stays where it was (the control just used), unless told otherwise.
    const active = focusId ?? (document.activeElement as HTMLElement | null)?.id;
    await renderOptions(root, deps);
    if (message) root.querySelector('.status')!.textContent = message;
    if (active) root.querySelector<HTMLElement>(`#${CSS.escape(active)}`)?.focus();
  };
  const report: Reporter = (result, ok) => (result?.ok ? rerender(ok) : void (status.textContent = pinErrorText(result, t)));
  const sectionDeps: SectionDeps = { t, send: deps.send, watch: deps.watch, status, report };
  const [feeds, reports] = await Promise.all([feedsSection(state, sectionDeps), reportsSection(state, sectionDeps)]);

  const editable = h(
    'fieldset',
    { class: 'editable', disabled: state.locked },
    h('legend', { class: 'sr-only' }, t('optionsTitle')),
    protectionSection(state, deps, report),
    pinSection(state, deps, report),
    await trustedSection(deps, report),
    listsSection(state, deps, report),
    feeds,
    reports,
    activitySection(state, deps, status),
  );

  const policyError = state.settings.policyError ? h('p', { class: 'policy-error', role: 'alert' }, t('policyError', state.settings.policyError)) : null;
  const lock = lockBanner(state, deps, status, rerender);
  root.replaceChildren(
    h('h1', {}, t('optionsTitle')),
    h('p', { class: 'intro' }, t('optionsIntro')),
    ...(policyError ? [policyError] : []),
    ...(lock ? [lock] : []),
    status,
    editable,
    privateSection(state, t),
    checksSection(t),
    // Built once and reused: what a researcher typed survives the page's re-renders.
    researcherTools(root, deps),
    h(
      'section',
      { 'aria-labelledby': 'privacy-title' },
      h('h2', { id: 'privacy-title' }, t('privacyTitle')),
      h('p', {}, t('privacyBody')),
      h('p', {}, t('privacyReports')),
    ),
  );
}

function managedNote(t: Translate, state: FullState, key: PolicyKey): HTMLElement | null {
  return state.settings.managed.includes(key) ? h('p', { class: 'managed' }, t('setByAdmin')) : null;
}

function lockBanner(state: FullState, deps: OptionsDeps, status: HTMLElement, rerender: (m?: string, f?: string) => Promise<void>): HTMLElement | null {
  const { t } = deps;
  if (!state.hasPin) return null;
  if (!state.locked) {
    const lock = h('button', { type: 'button', id: 'lock-now' }, t('lockNow'));
    lock.addEventListener('click', async () => {
      await deps.send({ type: 'lock' });
      await rerender(t('lockedNow'), 'unlock-pin');
    });
    return h(
      'section',
      { class: 'lock unlocked', 'aria-labelledby': 'lock-title' },
      h('h2', { id: 'lock-title' }, t('unlockedTitle')),
      h('p', {}, t('unlockedBody')),
      lock,
    );
  }
  const input = h('input', { type: 'password', id: 'unlock-pin', inputmode: 'numeric', autocomplete: 'off', maxlength: '12' });
  const form = h('form', { class: 'pin-form' }, h('label', { for: 'unlock-pin' }, t('pinLabel')), input, h('button', { type: 'submit' }, t('unlock')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const result = await deps.send({ type: 'unlock', pin: input.value });
    input.value = '';
    if (result?.ok) await rerender(t('unlockedNow'), 'mode-warn');
    else status.textContent = pinErrorText(result, t);
  });
  if (state.retryAt) status.textContent = t('pinThrottled', new Date(state.retryAt).toLocaleTimeString());
  return h('section', { class: 'lock', 'aria-labelledby': 'lock-title' }, h('h2', { id: 'lock-title' }, t('lockedTitle')), h('p', {}, t('lockedBody')), form);
}

function protectionSection(state: FullState, deps: OptionsDeps, report: Reporter): HTMLElement {
  const { t } = deps;
  const s = state.settings;
  const section = h('section', { 'aria-labelledby': 'protection-title' }, h('h2', { id: 'protection-title' }, t('protectionTitle')));
  if (s.managed.includes('protectionMode')) {
    section.append(h('p', {}, s.protectionMode === 'block' ? t('modeBlock') : t('modeWarn')), managedNote(t, state, 'protectionMode')!);
  } else {
    const radios = (['warn', 'block'] as const).map((mode) => {
      const input = h('input', { type: 'radio', name: 'mode', id: `mode-${mode}`, value: mode, checked: s.protectionMode === mode });
      input.addEventListener('change', async () => {
        if (input.checked) report(await deps.send({ type: 'update-settings', change: { protectionMode: mode } }), t('saved'));
      });
      return h('div', { class: 'check' }, input, h('label', { for: `mode-${mode}` }, mode === 'block' ? t('modeBlock') : t('modeWarn')));
    });
    section.append(h('div', { role: 'radiogroup', 'aria-labelledby': 'protection-title' }, ...radios));
  }
  if (s.managed.includes('blockCaution')) {
    section.append(h('p', {}, s.blockCaution ? t('blockCautionOn') : t('blockCautionOff')), managedNote(t, state, 'blockCaution')!);
  } else {
    const box = h('input', { type: 'checkbox', id: 'block-caution', checked: s.blockCaution });
    box.addEventListener('change', async () => report(await deps.send({ type: 'update-settings', change: { blockCaution: box.checked } }), t('saved')));
    section.append(h('div', { class: 'check' }, box, h('label', { for: 'block-caution' }, t('blockCautionLabel'))));
  }
  if (!s.allowProceed) section.append(h('p', { class: 'managed' }, t('noProceedByPolicy')));
  if (s.protectionMode === 'block' && !state.hasPin && s.allowProceed) section.append(h('p', { class: 'hint' }, t('blockModeSetPin')));
  return section;
}

function pinSection(state: FullState, deps: OptionsDeps, report: Reporter): HTMLElement {
  const { t } = deps;
  const pin = h('input', {
    type: 'password',
    id: 'new-pin',
    inputmode: 'numeric',
    autocomplete: 'new-password',
    maxlength: '12',
    'aria-describedby': 'pin-rules',
  });
  const again = h('input', { type: 'password', id: 'new-pin-again', inputmode: 'numeric', autocomplete: 'new-password', maxlength: '12' });
  const form = h(
    'form',
    { class: 'pin-set' },
    h('div', { class: 'field' }, h('label', { for: 'new-pin' }, state.hasPin ? t('pinNew') : t('pinChoose')), pin),
    h('div', { class: 'field' }, h('label', { for: 'new-pin-again' }, t('pinAgain')), again),
    h('button', { type: 'submit' }, state.hasPin ? t('pinChange') : t('pinSet')),
  );
  const section = h(
    'section',
    { 'aria-labelledby': 'pin-title' },
    h('h2', { id: 'pin-title' }, t('pinTitle')),
    h('p', {}, t('pinIntro')),
    h('p', { id: 'pin-rules', class: 'quiet' }, t('pinRules')),
    form,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (pin.value !== again.value) {
      report({ ok: false, error: 'bad-pin-format' });
      return;
    }
    const result = await deps.send({ type: 'set-pin', pin: pin.value });
    pin.value = again.value = '';
    report(result, t('pinSaved'));
  });
  if (state.hasPin) {
    const remove = h('button', { type: 'button', class: 'secondary' }, t('pinRemove'));
    remove.addEventListener('click', async () => report(await deps.send({ type: 'remove-pin' }), t('pinRemoved')));
    section.append(remove);
  }
  return section;
}

async function trustedSection(deps: OptionsDeps, report: Reporter): Promise<HTMLElement> {
  const { t } = deps;
  const section = h('section', { 'aria-labelledby': 'trusted-title' }, h('h2', { id: 'trusted-title', tabindex: '-1' }, t('trustedTitle')));
  const sites = (await deps.trustedSites()).sort((a, b) => a.domain.localeCompare(b.domain));
  if (sites.length === 0) {
    section.append(h('p', { class: 'quiet' }, t('trustedEmpty')));
    return section;
  }
  const list = h('ul', { class: 'trusted' });
  for (const [i, site] of sites.entries()) {
    // Named "Remove example.com": the visible word first, then which site (label in name).
    const remove = h('button', { type: 'button', id: `remove-${i}`, 'aria-labelledby': `remove-${i} site-${i}` }, t('removeTrusted'));
    remove.addEventListener('click', async () => {
      const result = await deps.send({ type: 'untrust-site', domain: site.domain });
      await report(result, t('trustedRemoved', site.domain));
      // Keyboard focus stays in the list (or on its heading when the list is now empty).
      if (result.ok) (document.querySelector<HTMLElement>('ul.trusted button') ?? document.querySelector<HTMLElement>('#trusted-title'))?.focus();
    });
    list.append(
      h(
        'li',
        {},
        h('span', { class: 'domain', id: `site-${i}` }, site.domain),
        site.overridesAuthority ? h('span', { class: 'badge' }, t('trustedOverAuthority')) : null,
        h('span', { class: 'when' }, new Date(site.addedAt).toLocaleDateString()),
        remove,
      ),
    );
  }
  section.append(list);
  return section;
}

function listsSection(state: FullState, deps: OptionsDeps, report: Reporter): HTMLElement {
  const { t } = deps;
  const section = h('section', { 'aria-labelledby': 'lists-title' }, h('h2', { id: 'lists-title' }, t('listsTitle')), h('p', {}, t('listsAuthority')));
  if (state.settings.managed.includes('communityList')) {
    section.append(h('p', {}, state.settings.communityList ? t('communityOnSaved') : t('communityOffSaved')), managedNote(t, state, 'communityList')!);
  } else {
    const box = h('input', { type: 'checkbox', id: 'community', 'aria-describedby': 'community-help', checked: state.settings.communityList });
    box.addEventListener('change', async () => {
      report(
        await deps.send({ type: 'update-settings', change: { communityList: box.checked } }),
        box.checked ? t('communityOnSaved') : t('communityOffSaved'),
      );
    });
    section.append(h('div', { class: 'check' }, box, h('label', { for: 'community' }, t('communityLabel'))));
  }
  section.append(h('p', { id: 'community-help', class: 'quiet' }, t('communityHelp')));
  section.append(linkMarksControl(state, deps, report));
  if (state.settings.policyAllowlist.length || state.settings.policyBlocklist.length) {
    section.append(
      h('p', { class: 'managed' }, t('policyLists', [String(state.settings.policyAllowlist.length), String(state.settings.policyBlocklist.length)])),
    );
  }
  return section;
}

/** Where links to flagged pharmacies are marked (policy key annotateLinks; shown as set when the administrator set it). */
function linkMarksControl(state: FullState, deps: OptionsDeps, report: Reporter): HTMLElement {
  const { t } = deps;
  const names = { off: t('linksOff'), search: t('linksSearch'), everywhere: t('linksEverywhere') } as const;
  const value = state.settings.annotateLinks;
  const help = h('p', { id: 'links-help', class: 'quiet' }, t('linksHelp'));
  if (state.settings.managed.includes('annotateLinks')) {
    return h(
      'div',
      { class: 'link-marks' },
      h('p', { id: 'links-setting' }, `${t('linksLabel')}: ${names[value]}`),
      managedNote(t, state, 'annotateLinks'),
      help,
    );
  }
  const select = h(
    'select',
    { id: 'annotate-links', 'aria-describedby': 'links-help' },
    ...(['everywhere', 'search', 'off'] as const).map((v) => h('option', { value: v, selected: v === value }, names[v])),
  );
  select.addEventListener('change', async () => {
    const next = select.value as keyof typeof names;
    report(await deps.send({ type: 'update-settings', change: { annotateLinks: next } }), t('linksSaved'));
  });
  return h('div', { class: 'link-marks' }, h('label', { for: 'annotate-links' }, t('linksLabel')), ' ', select, help);
}

function activitySection(state: FullState, deps: OptionsDeps, status: HTMLElement): HTMLElement {
  const { t } = deps;
  const body = h('div', {});
  const show = h('button', { type: 'button', id: 'show-activity' }, t('activityShow'));
  const clear = h('button', { type: 'button', class: 'secondary', id: 'clear-activity' }, t('activityClear'));
  show.addEventListener('click', async () => {
    const result = await deps.send({ type: 'get-activity' });
    if (!result?.ok) {
      status.textContent = pinErrorText(result, t);
      return;
    }
    const log = result.log;
    if (log.length === 0) {
      body.replaceChildren(h('p', { class: 'quiet' }, t('activityEmpty')));
      return;
    }
    const rows = log.map((e) =>
      h(
        'tr',
        {},
        h('td', {}, new Date(e.time).toLocaleString()),
        h('td', {}, e.domain),
        h('td', {}, e.level === 'danger' ? t('levelDanger') : t('levelCaution')),
        h('td', {}, t(`activity_${e.action}`)),
      ),
    );
    body.replaceChildren(
      h(
        'table',
        { class: 'activity' },
        h('caption', { class: 'sr-only' }, t('activityTitle')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('activityTime')),
            h('th', { scope: 'col' }, t('activitySite')),
            h('th', { scope: 'col' }, t('activityVerdict')),
            h('th', { scope: 'col' }, t('activityAction')),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  });
  clear.addEventListener('click', async () => {
    const result = await deps.send({ type: 'clear-activity' });
    if (result?.ok) {
      body.replaceChildren(h('p', { class: 'quiet' }, t('activityCleared')));
      status.textContent = t('activityCleared');
    } else status.textContent = pinErrorText(result, t);
  });
  return h(
    'section',
    { 'aria-labelledby': 'activity-title' },
    h('h2', { id: 'activity-title' }, t('activityTitle')),
    h('p', { class: 'quiet' }, t(state.hasPin ? 'activityIntroPin' : 'activityIntro')),
    h('div', { class: 'row' }, show, clear),
    body,
  );
}

function privateSection(state: FullState, t: Translate): HTMLElement {
  const allowed = state.incognitoAllowed;
  return h(
    'section',
    { 'aria-labelledby': 'private-title' },
    h('h2', { id: 'private-title' }, t('privateTitle')),
    h('p', {}, allowed === true ? t('privateAllowed') : allowed === false ? t('privateNotAllowed') : t('privateUnknown')),
    allowed === false ? h('p', { class: 'quiet' }, t('privateHowTo')) : null,
  );
}

function checksSection(t: Translate): HTMLElement {
  const risks = h('ul', {});
  const trusts = h('ul', {});
  for (const [id, spec] of Object.entries(SIGNALS) as Array<[SignalId, (typeof SIGNALS)[SignalId]]>) {
    const label = t(messageKey(id));
    (spec.kind === 'risk' ? risks : trusts).append(h('li', {}, label && label !== messageKey(id) ? label : spec.label));
  }
  return h(
    'section',
    { 'aria-labelledby': 'checks-title' },
    h('h2', { id: 'checks-title' }, t('checksTitle')),
    h('p', {}, t('checksIntro')),
    h('h3', {}, t('checksRisk')),
    risks,
    h('h3', {}, t('checksTrust')),
    trusts,
  );
}
