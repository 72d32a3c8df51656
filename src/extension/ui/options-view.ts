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

/**
 * A part of the page that owns its elements and brings them up to date when the settings change
 * (`update`), instead of the page being built again: controls keep their focus, what is typed
 * stays, a screen reader is not sent back to the top.
 */
interface Part {
  element: HTMLElement;
  update?: (s: FullState) => void | Promise<void>;
}

/** What a part's `build` makes: its elements, and how it sets its values between rebuilds. */
type Built = { element: HTMLElement; update?: (s: FullState) => void | Promise<void> };

/**
 * A part whose layout depends on `shape` (a setting the administrator fixed shows text instead of
 * a control; the lock banner's two forms; the settings a section is made from): built again only
 * when the shape changes, in place; between changes `update` sets its values. Focus stays on the
 * same control when it is rebuilt. `build` may wait for the background (the feeds and reports
 * sections ask it for their data).
 */
async function shaped(shape: (s: FullState) => string, build: (s: FullState) => Built | Promise<Built>, first: FullState): Promise<Part> {
  let key = shape(first);
  let current = await build(first);
  const holder = h('div', { class: 'part' }, current.element);
  return {
    element: holder,
    async update(s) {
      const next = shape(s);
      if (next === key) return current.update?.(s);
      key = next;
      const active = document.activeElement instanceof HTMLElement && holder.contains(document.activeElement) ? document.activeElement.id : '';
      current = await build(s);
      holder.replaceChildren(current.element);
      if (active) holder.querySelector<HTMLElement>(`#${CSS.escape(active)}`)?.focus();
    },
  };
}

export async function renderOptions(root: HTMLElement, deps: OptionsDeps): Promise<void> {
  const { t } = deps;
  const first = await deps.send({ type: 'get-protection-state' });
  if (!first) {
    // No answer from the background's family part: nothing here can be shown truthfully.
    root.replaceChildren(h('h1', {}, t('optionsTitle')), h('p', { role: 'alert' }, t('optReportsRefused')));
    return;
  }
  let state: FullState = first;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const parts: Part[] = [];
  /**
   * After a change the background accepted: the page says `message`, and every part brings itself
   * up to date on its own, so a part that cannot get its data (a message to a restarting worker
   * that fails) holds up neither the others nor what the page says.
   */
  const refresh = async (message?: string): Promise<void> => {
    const next = await deps.send({ type: 'get-protection-state' });
    if (next) state = next;
    if (message) status.textContent = message;
    await Promise.all(
      parts.map(async (part) => {
        try {
          await part.update?.(state);
        } catch (err) {
          console.error('RxRadar: a section of the options page could not update', err);
        }
      }),
    );
  };
  const report: Reporter = (result, ok) => (result?.ok ? refresh(ok) : void (status.textContent = pinErrorText(result, t)));
  const sectionDeps: SectionDeps = { t, send: deps.send, watch: deps.watch, status, report };

  // The feeds and reports sections depend on what the administrator fixed and on their own
  // settings; they follow their live data themselves (storage), and are built again only when
  // those settings change.
  const settingsShape =
    (keys: Array<keyof FullState['settings']>) =>
    (s: FullState): string =>
      JSON.stringify([s.locked, s.settings.managed, keys.map((k) => s.settings[k])]);
  const [protection, lock, feeds, reports, trusted, lists, policyError, privacy] = await Promise.all([
    protectionSection(state, deps, report),
    lockBanner(state, deps, status, refresh),
    shaped(settingsShape(['feedSubscriptions', 'policySubscriptions']), async (s) => ({ element: await feedsSection(s, sectionDeps) }), state),
    shaped(settingsShape(['reportEndpoint']), async (s) => ({ element: await reportsSection(s, sectionDeps) }), state),
    trustedSection(deps, report),
    listsSection(state, deps, report),
    shaped(
      (s) => s.settings.policyError ?? '',
      (s) => ({
        element: h('div', {}, s.settings.policyError ? h('p', { class: 'policy-error', role: 'alert' }, t('policyError', s.settings.policyError)) : null),
      }),
      state,
    ),
    shaped(
      (s) => String(s.incognitoAllowed),
      (s) => ({ element: privateSection(s, t) }),
      state,
    ),
  ]);
  const editableParts = [protection, pinSection(state, deps, report), trusted, lists, feeds, reports, activitySection(state, deps, status)];
  const editable = h(
    'fieldset',
    { class: 'editable', disabled: state.locked },
    h('legend', { class: 'sr-only' }, t('optionsTitle')),
    ...editableParts.map((p) => p.element),
  );
  parts.push(policyError, lock, { element: editable, update: (s) => void (editable.disabled = s.locked) }, ...editableParts, privacy);

  root.replaceChildren(
    h('h1', {}, t('optionsTitle')),
    h('p', { class: 'intro' }, t('optionsIntro')),
    policyError.element,
    lock.element,
    status,
    editable,
    privacy.element,
    checksSection(t),
    // Built once: what a researcher typed survives every change of the settings.
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

function lockBanner(first: FullState, deps: OptionsDeps, status: HTMLElement, refresh: (message?: string) => Promise<void>): Promise<Part> {
  const { t } = deps;
  const lockBox = (cls: string, title: string, body: string, control: HTMLElement) => ({
    element: h('section', { class: cls, 'aria-labelledby': 'lock-title' }, h('h2', { id: 'lock-title' }, t(title)), h('p', {}, t(body)), control),
  });
  return shaped(
    (s) => (!s.hasPin ? 'none' : s.locked ? 'locked' : 'unlocked'),
    (s) => {
      if (!s.hasPin) return { element: h('div', {}) };
      if (!s.locked) {
        const lock = h('button', { type: 'button', id: 'lock-now' }, t('lockNow'));
        lock.addEventListener('click', async () => {
          await deps.send({ type: 'lock' });
          await refresh(t('lockedNow'));
          document.getElementById('unlock-pin')?.focus();
        });
        return lockBox('lock unlocked', 'unlockedTitle', 'unlockedBody', lock);
      }
      const input = h('input', { type: 'password', id: 'unlock-pin', inputmode: 'numeric', autocomplete: 'off', maxlength: '12' });
      const form = h('form', { class: 'pin-form' }, h('label', { for: 'unlock-pin' }, t('pinLabel')), input, h('button', { type: 'submit' }, t('unlock')));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const result = await deps.send({ type: 'unlock', pin: input.value });
        input.value = '';
        if (result?.ok) {
          await refresh(t('unlockedNow'));
          document.getElementById('mode-warn')?.focus();
        } else status.textContent = pinErrorText(result, t);
      });
      if (s.retryAt) status.textContent = t('pinThrottled', new Date(s.retryAt).toLocaleTimeString());
      return lockBox('lock', 'lockedTitle', 'lockedBody', form);
    },
    first,
  );
}

function protectionSection(first: FullState, deps: OptionsDeps, report: Reporter): Promise<Part> {
  const { t } = deps;
  return shaped(
    (s) => JSON.stringify([s.settings.managed.includes('protectionMode'), s.settings.managed.includes('blockCaution')]),
    (first) => {
      const section = h('section', { 'aria-labelledby': 'protection-title' }, h('h2', { id: 'protection-title' }, t('protectionTitle')));
      const modeText = h('p', {});
      const radios = (['warn', 'block'] as const).map((mode) => {
        const input = h('input', { type: 'radio', name: 'mode', id: `mode-${mode}`, value: mode });
        input.addEventListener('change', async () => {
          if (input.checked) report(await deps.send({ type: 'update-settings', change: { protectionMode: mode } }), t('saved'));
        });
        return input;
      });
      if (first.settings.managed.includes('protectionMode')) section.append(modeText, managedNote(t, first, 'protectionMode')!);
      else {
        const rows = radios.map((input) =>
          h('div', { class: 'check' }, input, h('label', { for: input.id }, input.value === 'block' ? t('modeBlock') : t('modeWarn'))),
        );
        section.append(h('div', { role: 'radiogroup', 'aria-labelledby': 'protection-title' }, ...rows));
      }
      const cautionText = h('p', {});
      const box = h('input', { type: 'checkbox', id: 'block-caution' });
      if (first.settings.managed.includes('blockCaution')) section.append(cautionText, managedNote(t, first, 'blockCaution')!);
      else {
        box.addEventListener('change', async () => report(await deps.send({ type: 'update-settings', change: { blockCaution: box.checked } }), t('saved')));
        section.append(h('div', { class: 'check' }, box, h('label', { for: 'block-caution' }, t('blockCautionLabel'))));
      }
      const noProceed = h('p', { class: 'managed' }, t('noProceedByPolicy'));
      const setPinHint = h('p', { class: 'hint' }, t('blockModeSetPin'));
      section.append(noProceed, setPinHint);
      const update = (s: FullState) => {
        const set = s.settings;
        modeText.textContent = set.protectionMode === 'block' ? t('modeBlock') : t('modeWarn');
        for (const r of radios) r.checked = r.value === set.protectionMode;
        cautionText.textContent = set.blockCaution ? t('blockCautionOn') : t('blockCautionOff');
        box.checked = set.blockCaution;
        noProceed.hidden = set.allowProceed;
        setPinHint.hidden = !(set.protectionMode === 'block' && !s.hasPin && set.allowProceed);
      };
      update(first);
      return { element: section, update };
    },
    first,
  );
}

function pinSection(first: FullState, deps: OptionsDeps, report: Reporter): Part {
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
  const pinLabel = h('label', { for: 'new-pin' });
  const submit = h('button', { type: 'submit' });
  const form = h(
    'form',
    { class: 'pin-set' },
    h('div', { class: 'field' }, pinLabel, pin),
    h('div', { class: 'field' }, h('label', { for: 'new-pin-again' }, t('pinAgain')), again),
    submit,
  );
  const remove = h('button', { type: 'button', class: 'secondary' }, t('pinRemove'));
  const section = h(
    'section',
    { 'aria-labelledby': 'pin-title' },
    h('h2', { id: 'pin-title' }, t('pinTitle')),
    h('p', {}, t('pinIntro')),
    h('p', { id: 'pin-rules', class: 'quiet' }, t('pinRules')),
    form,
    remove,
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
  remove.addEventListener('click', async () => {
    await report(await deps.send({ type: 'remove-pin' }), t('pinRemoved'));
    // The button is gone with the PIN: keyboard focus goes to the form.
    if (remove.hidden) pin.focus();
  });
  const update = (s: FullState) => {
    pinLabel.textContent = s.hasPin ? t('pinNew') : t('pinChoose');
    submit.textContent = s.hasPin ? t('pinChange') : t('pinSet');
    remove.hidden = !s.hasPin;
  };
  update(first);
  return { element: section, update };
}

async function trustedSection(deps: OptionsDeps, report: Reporter): Promise<Part> {
  const { t } = deps;
  const section = h('section', { 'aria-labelledby': 'trusted-title' }, h('h2', { id: 'trusted-title', tabindex: '-1' }, t('trustedTitle')));
  const body = h('div', {});
  section.append(body);
  let shown = '';
  const show = async () => {
    const sites = (await deps.trustedSites()).sort((a, b) => a.domain.localeCompare(b.domain));
    const key = JSON.stringify(sites);
    if (key === shown) return;
    shown = key;
    if (sites.length === 0) {
      body.replaceChildren(h('p', { class: 'quiet' }, t('trustedEmpty')));
      return;
    }
    const list = h('ul', { class: 'trusted' });
    for (const [i, site] of sites.entries()) {
      // Named "Remove example.com": the visible word first, then which site (label in name).
      const remove = h('button', { type: 'button', id: `remove-${i}`, 'aria-labelledby': `remove-${i} site-${i}` }, t('removeTrusted'));
      remove.addEventListener('click', async () => {
        const result = await deps.send({ type: 'untrust-site', domain: site.domain });
        await report(result, t('trustedRemoved', site.domain));
        // Keyboard focus stays in the list (or on its heading when the list is now empty).
        if (result.ok) (section.querySelector<HTMLElement>('ul.trusted button') ?? section.querySelector<HTMLElement>('#trusted-title'))?.focus();
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
    body.replaceChildren(list);
  };
  await show();
  return { element: section, update: show };
}

function listsSection(first: FullState, deps: OptionsDeps, report: Reporter): Promise<Part> {
  const { t } = deps;
  return shaped(
    (s) => JSON.stringify([s.settings.managed.includes('communityList'), s.settings.managed.includes('annotateLinks')]),
    (first) => {
      const section = h('section', { 'aria-labelledby': 'lists-title' }, h('h2', { id: 'lists-title' }, t('listsTitle')), h('p', {}, t('listsAuthority')));
      const communityText = h('p', {});
      const box = h('input', { type: 'checkbox', id: 'community', 'aria-describedby': 'community-help' });
      if (first.settings.managed.includes('communityList')) section.append(communityText, managedNote(t, first, 'communityList')!);
      else {
        box.addEventListener('change', async () => {
          report(
            await deps.send({ type: 'update-settings', change: { communityList: box.checked } }),
            box.checked ? t('communityOnSaved') : t('communityOffSaved'),
          );
        });
        section.append(h('div', { class: 'check' }, box, h('label', { for: 'community' }, t('communityLabel'))));
      }
      section.append(h('p', { id: 'community-help', class: 'quiet' }, t('communityHelp')));
      const links = linkMarksControl(first, deps, report);
      const policyLists = h('p', { class: 'managed' });
      section.append(links.element, policyLists);
      const update = (s: FullState) => {
        communityText.textContent = s.settings.communityList ? t('communityOnSaved') : t('communityOffSaved');
        box.checked = s.settings.communityList;
        links.update(s);
        const { policyAllowlist: allow, policyBlocklist: block } = s.settings;
        policyLists.hidden = !(allow.length || block.length);
        policyLists.textContent = t('policyLists', [String(allow.length), String(block.length)]);
      };
      update(first);
      return { element: section, update };
    },
    first,
  );
}

/** Where links to flagged pharmacies are marked (policy key annotateLinks; shown as set when the administrator set it). */
function linkMarksControl(first: FullState, deps: OptionsDeps, report: Reporter): { element: HTMLElement; update: (s: FullState) => void } {
  const { t } = deps;
  const names = { off: t('linksOff'), search: t('linksSearch'), everywhere: t('linksEverywhere') } as const;
  const help = h('p', { id: 'links-help', class: 'quiet' }, t('linksHelp'));
  if (first.settings.managed.includes('annotateLinks')) {
    const setting = h('p', { id: 'links-setting' });
    return {
      element: h('div', { class: 'link-marks' }, setting, managedNote(t, first, 'annotateLinks'), help),
      update: (s) => void (setting.textContent = `${t('linksLabel')}: ${names[s.settings.annotateLinks]}`),
    };
  }
  const select = h(
    'select',
    { id: 'annotate-links', 'aria-describedby': 'links-help' },
    ...(['everywhere', 'search', 'off'] as const).map((v) => h('option', { value: v }, names[v])),
  );
  select.addEventListener('change', async () => {
    const next = select.value as keyof typeof names;
    report(await deps.send({ type: 'update-settings', change: { annotateLinks: next } }), t('linksSaved'));
  });
  return {
    element: h('div', { class: 'link-marks' }, h('label', { for: 'annotate-links' }, t('linksLabel')), ' ', select, help),
    update: (s) => {
      for (const o of select.querySelectorAll('option')) o.selected = o.value === s.settings.annotateLinks;
    },
  };
}

function activitySection(first: FullState, deps: OptionsDeps, status: HTMLElement): Part {
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
  const intro = h('p', { class: 'quiet' });
  const update = (s: FullState) => void (intro.textContent = t(s.hasPin ? 'activityIntroPin' : 'activityIntro'));
  update(first);
  return {
    element: h(
      'section',
      { 'aria-labelledby': 'activity-title' },
      h('h2', { id: 'activity-title' }, t('activityTitle')),
      intro,
      h('div', { class: 'row' }, show, clear),
      body,
    ),
    update,
  };
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
