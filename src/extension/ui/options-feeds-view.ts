/**
 * The options page's "List subscriptions" section: the signed lists RxRadar follows (the
 * administrator's and the user's own), how each one stands, "Check now", and a form to follow
 * another. Feed names, addresses and errors come from the network: text nodes only.
 */
import type { Translate } from '../badge';
import type { ProtectionState } from '../family/protection-service';
import type { FeedsView, FeedView } from '../messages';
import { MAX_SUBSCRIPTIONS } from '../policy/policy-limits';
import { FEED_STATE_PREFIX } from '../storage-keys';
import { h } from './dom';
import { followLatest } from './follow-latest';
import { idPart, refusalText, type SectionDeps, sendChange, showFieldProblem, urlProblemText } from './options-reports-view';

type FullState = ProtectionState & { incognitoAllowed: boolean | null };

const present = (...nodes: Array<Node | null>): Node[] => nodes.filter((n): n is Node => n !== null);

const when = (iso: string | number) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
};

/** The feed's status in words. */
export function feedStatusText(feed: FeedView, t: Translate): string {
  switch (feed.status) {
    case 'ok':
      return t('optFeedsStatusOk');
    case 'not-modified': {
      const since = feed.published ?? feed.lastSuccess;
      return since ? t('optFeedsStatusNotModified', when(since)) : t('optFeedsStatusOk');
    }
    case 'error':
      return feed.entries > 0 ? t('optFeedsStatusErrorKept', feed.error ?? '?') : t('optFeedsStatusErrorNone', feed.error ?? '?');
    case 'never':
      return t('optFeedsStatusNever');
    default:
      return String(feed.status);
  }
}

/** The page's one follower of the feed states: each change refreshes the feed list now on the page. */
const followFeeds = followLatest((key) => key.startsWith(FEED_STATE_PREFIX));

export async function feedsSection(state: FullState, deps: SectionDeps): Promise<HTMLElement> {
  const { t } = deps;
  let view: FeedsView | null = null;
  try {
    const reply = await deps.send({ type: 'get-feeds' });
    if (reply) view = reply;
  } catch {
    view = null;
  }
  const section = h(
    'section',
    { class: 'feeds', 'aria-labelledby': 'feeds-title' },
    h('h2', { id: 'feeds-title', tabindex: '-1' }, t('optFeedsTitle')),
    h('p', {}, t('optFeedsIntro', String(view?.trustedKeys ?? 1))),
  );
  const list = h('div', { class: 'feed-list', id: 'feed-list' });
  const userFeeds = () => (view ? view.feeds.filter((f) => f.from === 'user').map((f) => f.url) : state.settings.feedSubscriptions);
  const renderList = (v: FeedsView | null) => {
    if (v === null) {
      list.replaceChildren(h('p', { class: 'quiet' }, t('optFeedsUnavailable')));
      return;
    }
    list.replaceChildren(
      ...present(
        v.feeds.length === 0
          ? h('p', { class: 'quiet' }, t('optFeedsEmpty'))
          : h('ul', { class: 'feeds', 'aria-labelledby': 'feeds-title' }, ...v.feeds.map((f, i) => feedItem(f, i, deps, () => userFeeds()))),
        v.nextRefreshAt && v.feeds.length > 0 ? h('p', { class: 'quiet' }, t('optFeedsNext', when(v.nextRefreshAt))) : null,
      ),
    );
  };
  renderList(view);
  // Live: when the background writes a feed's state (its alarm's check, a check from another
  // page), the list is read again; focus stays on the control it was on.
  let shown = JSON.stringify(view);
  followFeeds(deps.watch, async () => {
    if (checking || !list.isConnected) return;
    const reply = await deps.send({ type: 'get-feeds' }).catch(() => null);
    if (!reply || checking || !list.isConnected || JSON.stringify(reply) === shown) return;
    view = reply;
    shown = JSON.stringify(reply);
    const active = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement.id : '';
    renderList(view);
    if (active) list.querySelector<HTMLElement>(`#${CSS.escape(active)}`)?.focus();
  });

  // "Check now": may take up to 30 s. The button stays focusable (aria-disabled, not disabled) so
  // keyboard focus is not dropped while the check runs.
  // A live region next to the button (the page's one role=status line is at the top, out of view).
  const feedsStatus = h('p', { class: 'feeds-status', id: 'feeds-status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const check = h('button', { type: 'button', id: 'feeds-check', 'aria-describedby': 'feeds-status' }, t('optFeedsCheckNow'));
  let checking = false;
  check.addEventListener('click', async () => {
    if (checking) return;
    checking = true;
    check.setAttribute('aria-disabled', 'true');
    section.setAttribute('aria-busy', 'true');
    feedsStatus.textContent = t('optFeedsChecking');
    let reply: FeedsView | null;
    try {
      reply = await deps.send({ type: 'refresh-feeds' });
    } catch {
      reply = null;
    }
    checking = false;
    check.removeAttribute('aria-disabled');
    section.removeAttribute('aria-busy');
    if (reply) {
      view = reply;
      renderList(view);
      feedsStatus.textContent = t('optFeedsChecked', String(view.feeds.length));
    } else {
      feedsStatus.textContent = refusalText(null, t);
    }
  });

  section.append(list, h('div', { class: 'row' }, check), feedsStatus, addForm(state, deps, userFeeds));
  return section;
}

function feedItem(feed: FeedView, i: number, deps: SectionDeps, userFeeds: () => string[]): HTMLElement {
  const { t } = deps;
  const urlId = `feed-url-${i}`;
  const facts: HTMLElement[] = [
    h('li', {}, t('optFeedsEntries', String(feed.entries))),
    feed.published ? h('li', {}, t('optFeedsPublished', when(feed.published))) : null,
    h('li', { class: `feed-status ${feed.status}` }, t('optFeedsStatus', feedStatusText(feed, t))),
    h('li', {}, t('optFeedsLastChecked', feed.lastChecked ? when(feed.lastChecked) : t('optFeedsNever'))),
    h('li', {}, t('optFeedsLastSuccess', feed.lastSuccess ? when(feed.lastSuccess) : t('optFeedsNever'))),
    feed.dropped && feed.dropped > 0 ? h('li', {}, t('optFeedsDropped', String(feed.dropped))) : null,
  ].filter((x): x is HTMLLIElement => x !== null);
  let who: HTMLElement;
  if (feed.from === 'policy') {
    who = h('span', { class: 'managed' }, t('optFeedsByAdmin'));
  } else {
    const id = `feed-remove-${idPart(feed.url)}`;
    who = h('button', { type: 'button', class: 'secondary', id, 'aria-labelledby': `${id} ${urlId}` }, t('optFeedsRemove'));
    who.addEventListener('click', async () => {
      const rest = userFeeds().filter((u) => u !== feed.url);
      if (await sendChange(deps, { type: 'update-settings', change: { feedSubscriptions: rest } }, t('optFeedsRemoved', feed.url))) {
        // Keyboard focus stays in the list (or on its heading when no feed of the user's is left).
        (document.querySelector<HTMLElement>('ul.feeds button') ?? document.getElementById('feeds-title'))?.focus();
      }
    });
  }
  return h(
    'li',
    { class: `feed ${feed.from}` },
    h('div', { class: 'feed-head' }, feed.name ? h('span', { class: 'feed-name' }, feed.name) : null, h('span', { class: 'url', id: urlId }, feed.url), who),
    h('ul', { class: 'facts' }, ...facts),
  );
}

function addForm(state: FullState, deps: SectionDeps, userFeeds: () => string[]): HTMLElement {
  const { t } = deps;
  const input = h('input', {
    type: 'url',
    id: 'feed-add-url',
    name: 'feed-add-url',
    placeholder: 'https://',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'feed-add-problem',
  });
  const problem = h('p', { class: 'field-problem', id: 'feed-add-problem', hidden: true });
  const full = userFeeds().length >= MAX_SUBSCRIPTIONS;
  const form = h(
    'form',
    { class: 'url-form', novalidate: true },
    h('div', { class: 'field wide' }, h('label', { for: 'feed-add-url' }, t('optFeedsAddLabel')), input),
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'feed-add' }, t('optFeedsAdd'))),
    problem,
    full ? h('p', { class: 'quiet' }, t('optFeedsFull', String(MAX_SUBSCRIPTIONS))) : null,
  );
  input.addEventListener('input', () => {
    if (input.hasAttribute('aria-invalid')) showFieldProblem(input, problem, null);
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const url = input.value.trim();
    const mine = userFeeds();
    let why = url === '' ? t('optReportsUrlEmpty') : urlProblemText(url, t);
    if (!why && (mine.includes(url) || state.settings.policySubscriptions.includes(url))) why = t('optFeedsAlready');
    if (!why && mine.length >= MAX_SUBSCRIPTIONS) why = t('optFeedsFull', String(MAX_SUBSCRIPTIONS));
    showFieldProblem(input, problem, why);
    if (why) {
      input.focus();
      return;
    }
    await sendChange(deps, { type: 'update-settings', change: { feedSubscriptions: [...mine, url] } }, t('optFeedsAdded', url));
  });
  return form;
}
