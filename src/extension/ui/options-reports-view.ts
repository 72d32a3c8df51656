/**
 * The options page's "Reports" section: where reports are sent (the user's own address, or the
 * administrator's) and the outgoing queue with what happened to each report. Every change goes
 * through the background; the queue is read again every 3 s while the page is visible, and only
 * the queue's own part of the page is rebuilt (the rest of the page, focus and typing stay).
 *
 * Addresses, domains and errors in the queue come from pages and servers: text nodes only.
 */
import type { Translate } from '../badge';
import type { Outcome, ProtectionState, RefusalReason } from '../family/protection-service';
import type { ReportQueueItemView, ReportQueueView, SendUi, UiMessageIn } from '../messages';
import { remoteUrlProblem } from '../net/remote-url';
import { pinErrorText } from './block-page-view';
import { REPORT_QUEUE_KEY } from '../storage-keys';
import { h } from './dom';
import { followLatest } from './follow-latest';
import type { WatchStorage } from './storage-watch';
import { categoryLabel, queueStatusText } from './report-words';

/** Shows the outcome of a change: the page brought up to date with `ok`, or the refusal in words (null: no answer). */
export type Reporter = (result: Outcome | null, ok?: string) => unknown;

/** What the options page hands its sections. */
export interface SectionDeps {
  t: Translate;
  /** Follows storage.local keys (live views: the report queue, the feed states). */
  watch: WatchStorage;
  send: SendUi;
  /** The options page's outcome line (role=status). */
  status: HTMLElement;
  /** An accepted change: the options page renders again and says `ok`; a refusal is shown. */
  report: Reporter;
}

const KNOWN_REFUSALS: ReadonlySet<RefusalReason> = new Set<RefusalReason>([
  'wrong',
  'throttled',
  'not-allowed',
  'locked',
  'managed',
  'bad-pin-format',
  'pin-too-simple',
]);

/**
 * Words for a refused change. The background answers a message it cannot accept (an address it
 * refuses, a message it does not know) with null or an error code of its own: never "wrong PIN".
 */
export function refusalText(reply: Outcome | null, t: Translate): string {
  if (reply && !reply.ok && KNOWN_REFUSALS.has(reply.error)) return pinErrorText(reply, t);
  const code = reply && !reply.ok ? String(reply.error) : '';
  return code ? t('optReportsRefusedCode', code) : t('optReportsRefused');
}

/** Sends a settings change and reports it the way the rest of the options page does. */
export async function sendChange(deps: SectionDeps, m: Extract<UiMessageIn, { type: 'update-settings' }>, ok: string): Promise<boolean> {
  let reply: Outcome | null;
  try {
    reply = await deps.send(m);
  } catch {
    reply = null;
  }
  if (reply?.ok) {
    await deps.report(reply, ok);
    return true;
  }
  deps.status.textContent = refusalText(reply, deps.t);
  return false;
}

/** Why RxRadar will not talk to `url` (remote-url.ts), in the page's language; null: fine. */
export function urlProblemText(url: string, t: Translate): string | null {
  const problem = remoteUrlProblem(url);
  if (problem === null) return null;
  if (problem.includes('user name')) return t('optReportsUrlCredentials');
  if (problem.includes('https')) return t('optReportsUrlHttps');
  return t('optReportsUrlInvalid');
}

/** Marks a field as wrong (or right again), with the problem next to it. */
export function showFieldProblem(input: HTMLInputElement, problemEl: HTMLElement, problem: string | null): void {
  problemEl.textContent = problem ?? '';
  problemEl.hidden = problem === null;
  if (problem) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** A stable element id from a value that may hold any character. */
export function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}

const when = (ms: number | string) => new Date(ms).toLocaleString();

type FullState = ProtectionState & { incognitoAllowed: boolean | null };

export async function reportsSection(state: FullState, deps: SectionDeps): Promise<HTMLElement> {
  const { t } = deps;
  const view = await readQueue(deps);
  const managed = state.settings.managed.includes('reportEndpoint') || view?.endpointManaged === true;
  const endpoint = managed ? (view?.endpoint ?? state.settings.reportEndpoint) : state.settings.reportEndpoint;
  const section = h(
    'section',
    { class: 'reports', 'aria-labelledby': 'reports-title' },
    h('h2', { id: 'reports-title' }, t('optReportsTitle')),
    h('p', { id: 'report-endpoint-help' }, t('optReportsIntro')),
  );
  if (managed) {
    section.append(
      h('p', { class: 'endpoint' }, t('optReportsAddressIs'), ' ', endpoint ? h('span', { class: 'url' }, endpoint) : t('optReportsNoAddress')),
      h('p', { class: 'managed' }, t('setByAdmin')),
    );
  } else {
    section.append(endpointForm(endpoint, deps));
  }
  const queueHeading = h('h3', { id: 'queue-title', tabindex: '-1' }, t('optReportsQueueTitle'));
  const queue = h('div', { class: 'queue', id: 'report-queue' });
  // Outcomes of the queue's buttons, next to them (the page's role=status line is at the top, out of view).
  const queueStatus = h('p', { class: 'queue-outcome', id: 'queue-status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  section.append(queueHeading, queue, queueStatus);
  const controller: QueueController = { container: queue, deps, say: (text) => void (queueStatus.textContent = text), last: '', busy: false };
  renderQueue(controller, view);
  watchQueue(controller);
  return section;
}

function endpointForm(endpoint: string | null, deps: SectionDeps): HTMLElement {
  const { t } = deps;
  const input = h('input', {
    type: 'url',
    id: 'report-endpoint',
    name: 'report-endpoint',
    value: endpoint ?? '',
    placeholder: 'https://',
    autocomplete: 'url',
    spellcheck: 'false',
    'aria-describedby': 'report-endpoint-help report-endpoint-problem',
  });
  const problem = h('p', { class: 'field-problem', id: 'report-endpoint-problem', hidden: true });
  const save = h('button', { type: 'submit', id: 'report-endpoint-save' }, t('optReportsSave'));
  // novalidate: the page's own check (remoteUrlProblem) speaks in the user's language, next to the field.
  const form = h(
    'form',
    { class: 'url-form', novalidate: true },
    h('div', { class: 'field wide' }, h('label', { for: 'report-endpoint' }, t('optReportsAddressLabel')), input),
    h('div', { class: 'row' }, save),
    problem,
  );
  input.addEventListener('input', () => {
    if (input.hasAttribute('aria-invalid')) showFieldProblem(input, problem, null);
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const url = input.value.trim();
    if (url === '') {
      showFieldProblem(input, problem, t('optReportsUrlEmpty'));
      input.focus();
      return;
    }
    const why = urlProblemText(url, t);
    showFieldProblem(input, problem, why);
    if (why) {
      input.focus();
      return;
    }
    await sendChange(deps, { type: 'update-settings', change: { reportEndpoint: url } }, t('optReportsSaved'));
  });
  if (endpoint) {
    const clear = h('button', { type: 'button', id: 'report-endpoint-clear', class: 'secondary' }, t('optReportsClear'));
    clear.addEventListener('click', async () => {
      if (await sendChange(deps, { type: 'update-settings', change: { reportEndpoint: null } }, t('optReportsCleared')))
        document.getElementById('report-endpoint')?.focus();
    });
    form.querySelector('.row')!.append(clear);
  }
  return form;
}

// ---- The queue ----

interface QueueController {
  container: HTMLElement;
  deps: SectionDeps;
  /** Shows the outcome of a queue action. */
  say: (text: string) => void;
  /** The view last shown (JSON), so an unchanged queue is not rebuilt under the user. */
  last: string;
  /** An action is under way: the periodic read waits. */
  busy: boolean;
}

async function readQueue(deps: SectionDeps): Promise<ReportQueueView | null> {
  try {
    const reply = await deps.send({ type: 'get-report-queue' });
    return reply;
  } catch {
    return null;
  }
}

/**
 * The page's one follower of the queue: when the background writes the queue (a report queued,
 * sending, sent, failed, removed), the queue now on the page (the latest render) reads it again.
 * No polling.
 */
const followQueue = followLatest((key) => key === REPORT_QUEUE_KEY);

function watchQueue(c: QueueController): void {
  followQueue(c.deps.watch, async () => {
    if (c.busy || !c.container.isConnected) return;
    const view = await readQueue(c.deps);
    // A newer render took the container's place, or an action started, while the queue was read.
    if (!c.busy && c.container.isConnected) renderQueue(c, view);
  });
}

function renderQueue(c: QueueController, view: ReportQueueView | null): void {
  const key = JSON.stringify(view);
  if (key === c.last) return;
  c.last = key;
  const { t } = c.deps;
  // Keyboard focus inside the queue stays on the same control (by id) after the rebuild.
  const active = document.activeElement instanceof HTMLElement && c.container.contains(document.activeElement) ? document.activeElement.id : '';
  const parts: Node[] = [];
  if (view === null) {
    parts.push(h('p', { class: 'quiet' }, t('optReportsQueueUnavailable')));
  } else {
    if (view.error) parts.push(h('p', { class: 'alert', role: 'alert' }, t('optReportsQueueError', view.error)));
    if (view.counts.queued > 0) {
      const sendNow = h('button', { type: 'button', id: 'queue-send-now' }, t('optReportsSendNow'));
      sendNow.addEventListener('click', () => void queueAction(c, { action: 'send-now' }, t('optReportsSending')));
      parts.push(h('div', { class: 'row' }, sendNow));
    }
    if (view.items.length === 0) parts.push(h('p', { class: 'quiet' }, t('optReportsQueueEmpty')));
    else parts.push(h('ul', { class: 'queue-items', 'aria-labelledby': 'queue-title' }, ...view.items.map((item) => queueItem(c, item))));
  }
  c.container.replaceChildren(...parts);
  if (active) {
    const again = document.getElementById(active);
    (again && c.container.contains(again) ? again : c.container.parentElement?.querySelector<HTMLElement>('#queue-title'))?.focus();
  }
}

function queueItem(c: QueueController, item: ReportQueueItemView): HTMLElement {
  const { t } = c.deps;
  const rid = idPart(item.reportId);
  const domainId = `queue-domain-${rid}`;
  const buttons: HTMLElement[] = [];
  const button = (action: 'retry' | 'remove', label: string, busy: string) => {
    const id = `queue-${action}-${rid}`;
    // Named "Remove example.com": the visible word first, then which report.
    const b = h('button', { type: 'button', id, class: action === 'remove' ? 'secondary' : undefined, 'aria-labelledby': `${id} ${domainId}` }, label);
    b.addEventListener('click', () => void queueAction(c, { action, reportId: item.reportId }, busy));
    buttons.push(b);
  };
  if (item.status === 'failed') button('retry', t('optReportsRetry'), t('optReportsSending'));
  if (item.status === 'failed' || item.status === 'queued') button('remove', t('optReportsRemove'), t('optReportsRemoving'));
  return h(
    'li',
    { class: `queue-item ${item.status}` },
    h('span', { class: 'domain', id: domainId }, item.domain),
    h('span', { class: 'category' }, categoryLabel(item.category, t)),
    h('span', { class: 'when' }, t('optReportsMade', when(item.time))),
    h('span', { class: `queue-status ${item.status}` }, queueStatusText(item, t, when)),
    buttons.length ? h('span', { class: 'actions' }, ...buttons) : null,
  );
}

async function queueAction(c: QueueController, a: { action: 'send-now' | 'retry' | 'remove'; reportId?: string }, busyText: string): Promise<void> {
  const { t } = c.deps;
  if (c.busy) return;
  c.busy = true;
  c.say(busyText);
  let reply: ReportQueueView | null;
  try {
    reply = await c.deps.send({ type: 'report-queue-action', action: a.action, ...(a.reportId ? { reportId: a.reportId } : {}) });
  } catch {
    reply = null;
  } finally {
    c.busy = false;
  }
  if (reply) {
    renderQueue(c, reply);
    c.say(a.action === 'remove' ? t('optReportsRemoved') : a.action === 'retry' ? t('optReportsRetried') : t('optReportsSentNow'));
    // The control used may be gone (a removed report): keep focus in the queue.
    if (!c.container.contains(document.activeElement)) {
      (c.container.querySelector<HTMLElement>('button') ?? c.container.parentElement?.querySelector<HTMLElement>('#queue-title'))?.focus();
    }
  } else {
    c.say(refusalText(null, t));
  }
}
