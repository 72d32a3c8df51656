/**
 * The options page: the sites the user trusts (undoable), the community list switch, what
 * RxRadar checks, and its privacy promise.
 */
import type { Translate } from '../badge';
import type { TrustedSite } from '../user-decisions';
import { SIGNALS, type SignalId } from '../../core/signals/signal-catalog';
import { h } from './dom';
import { messageKey } from './reason-text';

export interface OptionsDeps {
  t: Translate;
  trustedSites: () => Promise<TrustedSite[]>;
  removeTrusted: (domain: string) => Promise<void>;
  communityEnabled: () => Promise<boolean>;
  setCommunityEnabled: (on: boolean) => Promise<void>;
  /** Whether the user allowed RxRadar in private windows (null: unknown). */
  incognitoAllowed: () => Promise<boolean | null>;
}

export async function renderOptions(root: HTMLElement, deps: OptionsDeps): Promise<void> {
  const { t } = deps;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  root.replaceChildren(
    h('h1', {}, t('optionsTitle')),
    h('p', { class: 'intro' }, t('optionsIntro')),
    status,
    await trustedSection(deps, status),
    await listsSection(deps, status),
    await privateSection(deps),
    checksSection(t),
    h('section', { 'aria-labelledby': 'privacy-title' }, h('h2', { id: 'privacy-title' }, t('privacyTitle')), h('p', {}, t('privacyBody')), h('p', {}, t('privacyReports'))),
  );
}

async function trustedSection(deps: OptionsDeps, status: HTMLElement): Promise<HTMLElement> {
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
      await deps.removeTrusted(site.domain);
      status.textContent = t('trustedRemoved', site.domain);
      const next = await trustedSection(deps, status);
      section.replaceWith(next);
      // Keyboard focus stays in the list (or on its heading when the list is now empty).
      (next.querySelector<HTMLElement>('button') ?? next.querySelector<HTMLElement>('h2'))?.focus();
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

async function listsSection(deps: OptionsDeps, status: HTMLElement): Promise<HTMLElement> {
  const { t } = deps;
  const box = h('input', { type: 'checkbox', id: 'community', 'aria-describedby': 'community-help' });
  box.checked = await deps.communityEnabled();
  box.addEventListener('change', async () => {
    await deps.setCommunityEnabled(box.checked);
    status.textContent = box.checked ? t('communityOnSaved') : t('communityOffSaved');
  });
  return h(
    'section',
    { 'aria-labelledby': 'lists-title' },
    h('h2', { id: 'lists-title' }, t('listsTitle')),
    h('p', {}, t('listsAuthority')),
    h('div', { class: 'check' }, box, h('label', { for: 'community' }, t('communityLabel'))),
    h('p', { id: 'community-help', class: 'quiet' }, t('communityHelp')),
  );
}

async function privateSection(deps: OptionsDeps): Promise<HTMLElement> {
  const { t } = deps;
  const allowed = await deps.incognitoAllowed();
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
