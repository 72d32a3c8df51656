/**
 * The router's gate for reports, feeds and the researcher tools: only the extension's own pages
 * may submit reports, read the queue, refresh feeds or check lists; a web page (through its
 * content script) can only ask to report itself, for its own tab.
 */
import { describe, expect, it } from 'vitest';
import type { ProtectionService } from '../family/protection-service';
import type { FeedSubscriptions } from '../feeds/feed-subscriptions';
import type { ReportOutbox } from '../reports/report-outbox';
import type { TabVerdictService } from '../tab-verdict-service';
import { sampleReport } from '../../../tests/support/sample-report';
import { createMessageRouter, type RouterDeps } from './message-router';

function setup(more: Partial<RouterDeps> = {}) {
  const calls: string[] = [];
  const outbox = {
    submit: async () => (calls.push('submit'), { ok: true, reportId: 'x', status: 'queued' }),
    view: async () => (calls.push('view'), { endpoint: null, endpointManaged: false, items: [], counts: { queued: 0, sending: 0, sent: 0, failed: 0 } }),
    action: async (a: string) => (calls.push(`action:${a}`), null),
    sendDue: async () => {},
    recover: async () => {},
  } as unknown as ReportOutbox;
  const feeds = { view: async () => (calls.push('feeds'), {}), refresh: async () => (calls.push('refresh'), {}) } as unknown as FeedSubscriptions;
  const deps: RouterDeps = {
    service: {} as TabVerdictService,
    trustedSites: async () => [],
    saveTrustedSites: async () => {},
    continuedHosts: async () => [],
    saveContinuedHosts: async () => {},
    sendToTab: async () => {},
    reports: {
      start: async (tabId) => (calls.push(`start:${tabId}`), { ok: true, draftId: 'd' }),
      draft: async () => null,
      outbox,
    },
    feeds,
    protection: { updateSettings: async (change: object) => (calls.push(`update:${JSON.stringify(change)}`), { ok: true }) } as unknown as ProtectionService,
    checkBulk: () => (
      calls.push('bulk'),
      { format: 'txt', problems: [], lines: [], counts: { new: 0, duplicate: 0, listed: 0, 'known-pharmacy': 0, invalid: 0 } }
    ),
    ...more,
  };
  return { router: createMessageRouter(deps), calls };
}

const page = { tabId: 7, frameId: 0, fromExtensionPage: false };
const extensionPage = { fromExtensionPage: true };

describe('message router: reports, feeds, researcher tools', () => {
  it('a web page cannot start reports (the popup and RxRadar’s warning page do), nor reach the extension pages’ messages', async () => {
    const { router, calls } = setup();
    expect(await router.handle({ type: 'report-site' }, page)).toBeNull();
    expect(router.handle({ type: 'report-site' }, { ...page, frameId: 3 })).toBeUndefined();
    // UI messages from a page are read as content messages and refused.
    for (const m of [
      { type: 'submit-report', report: {} },
      { type: 'start-report', tabId: 9 },
      { type: 'get-report-queue' },
      { type: 'report-queue-action', action: 'send-now' },
      { type: 'refresh-feeds' },
      { type: 'check-bulk-input', text: 'a.com' },
      { type: 'update-settings', change: { reportEndpoint: 'https://evil.example/' } },
    ]) {
      expect(await router.handle(m, page), m.type).toBeNull();
    }
    expect(calls).toEqual([]);
  });

  it('the extension pages reach the outbox, the feeds and the researcher tools', async () => {
    const { router, calls } = setup();
    await router.handle({ type: 'start-report', tabId: 3 }, extensionPage);
    await router.handle({ type: 'submit-report', report: {} }, extensionPage);
    await router.handle({ type: 'get-report-queue' }, extensionPage);
    await router.handle({ type: 'report-queue-action', action: 'retry', reportId: 'r' }, extensionPage);
    await router.handle({ type: 'get-feeds' }, extensionPage);
    await router.handle({ type: 'refresh-feeds' }, extensionPage);
    await router.handle({ type: 'check-bulk-input', text: 'a.com\nb.org' }, extensionPage);
    // The warning page reports the site it stands in for, for its own tab, from its top frame only.
    await router.handle({ type: 'start-report-from-warning' }, { ...extensionPage, tabId: 5, frameId: 0 });
    expect(await router.handle({ type: 'start-report-from-warning' }, { ...extensionPage, tabId: 5, frameId: 2 })).toEqual({ ok: false, error: 'not-allowed' });
    expect(await router.handle({ type: 'start-report-from-warning' }, extensionPage)).toEqual({ ok: false, error: 'not-allowed' });
    expect(calls).toEqual(['start:3', 'submit', 'view', 'action:retry', 'feeds', 'refresh', 'bulk', 'start:5']);
  });

  it('refuses malformed requests', async () => {
    const { router, calls } = setup();
    expect(await router.handle({ type: 'report-queue-action', action: 'delete-everything' }, extensionPage)).toBeNull();
    expect(await router.handle({ type: 'check-bulk-input', text: 'x'.repeat(10 * 1024 * 1024 + 1) }, extensionPage)).toBeNull();
    expect(await router.handle({ type: 'update-settings', change: { reportEndpoint: 'http://reports.example.org/' } }, extensionPage)).toBeNull();
    expect(await router.handle({ type: 'update-settings', change: { feedSubscriptions: ['ftp://x.example/feed'] } }, extensionPage)).toBeNull();
    expect(calls).toEqual([]);
    // The same change with good addresses goes through (to the lock and policy checks).
    await router.handle(
      { type: 'update-settings', change: { reportEndpoint: 'https://reports.example.org/v1/reports', feedSubscriptions: ['http://localhost:8080/feed.json'] } },
      extensionPage,
    );
    expect(calls).toEqual(['update:{"reportEndpoint":"https://reports.example.org/v1/reports","feedSubscriptions":["http://localhost:8080/feed.json"]}']);
  });
});

describe('message router: list entries and list files for the researcher tools', () => {
  const meta = { source: 'FDA warning letter to the operator', sourceUrl: 'https://www.fda.gov/x', date: '2026-11-02', confidence: 'authority' };

  it('makes the entries, sorted, in the project format; the lines are what the list file holds', async () => {
    const { router } = setup();
    const made = await router.handle(
      { type: 'make-list-entries', items: [{ entry: 'b-pills.com', evidence: 'row 2' }, { entry: 'a-pills.com' }], meta },
      extensionPage,
    );
    expect(made).toMatchObject({ ok: true, entries: [{ entry: 'a-pills.com' }, { entry: 'b-pills.com', evidence: ['row 2'] }] });
    expect((made as { lines: string }).lines.split('\n')[0]).toBe(
      '    {"entry":"a-pills.com","source":"FDA warning letter to the operator","sourceUrl":"https://www.fda.gov/x","date":"2026-11-02","confidence":"authority"},',
    );
  });

  it('refuses details with structured problems: the field, a code, words without the field', async () => {
    const { router } = setup();
    const made = await router.handle(
      { type: 'make-list-entries', items: [{ entry: 'a-pills.com' }], meta: { ...meta, source: 'me', sourceUrl: 'ftp://x.example/' } },
      extensionPage,
    );
    expect(made).toEqual({
      ok: false,
      problems: [
        { field: 'source', code: 'too_small', message: 'say who names the site, in words a user can check (at least 10 characters)' },
        { field: 'sourceUrl', code: 'invalid_format', message: 'must be an http(s) address of the public source' },
      ],
    });
  });

  it('an entry the list schema refuses is named as the field', async () => {
    const { router } = setup();
    const made = (await router.handle({ type: 'make-list-entries', items: [{ entry: 'not a domain' }], meta }, extensionPage)) as {
      ok: false;
      problems: Array<{ field: string }>;
    };
    expect(made.ok).toBe(false);
    expect(made.problems.map((p) => p.field)).toEqual(['not a domain']);
  });

  it('makes a list file from entries made before, validated again; an empty name is a problem of the field "name"', async () => {
    const { router } = setup();
    const made = (await router.handle({ type: 'make-list-entries', items: [{ entry: 'a-pills.com' }], meta }, extensionPage)) as { entries: unknown[] };
    const file = (await router.handle(
      { type: 'make-list-file', entries: made.entries, name: ' Pills found in November ', description: 'From a crawl.' },
      extensionPage,
    )) as {
      ok: true;
      fileName: string;
      text: string;
    };
    expect(file.ok).toBe(true);
    expect(file.fileName).toMatch(/^rxradar-list-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(file.text)).toMatchObject({ name: 'Pills found in November', description: 'From a crawl.', entries: [{ entry: 'a-pills.com' }] });
    const refused = (await router.handle({ type: 'make-list-file', entries: made.entries, name: '', description: 'x' }, extensionPage)) as {
      ok: false;
      problems: Array<{ field: string }>;
    };
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => p.field)).toContain('name');
    // Entries that are not list entries are refused too (the page's word is checked again).
    const forged = (await router.handle({ type: 'make-list-file', entries: [{ entry: 'x.com' }], name: 'A list', description: 'x' }, extensionPage)) as {
      ok: boolean;
    };
    expect(forged.ok).toBe(false);
  });

  it('a web page cannot reach them', async () => {
    const { router } = setup();
    expect(await router.handle({ type: 'make-list-entries', items: [{ entry: 'a-pills.com' }], meta }, page)).toBeNull();
    expect(await router.handle({ type: 'get-trusted-sites' }, page)).toBeNull();
  });
});

describe('message router: the report page asks the background to validate', () => {
  it('check-report answers the validated report, or why it is not one', async () => {
    const { router } = setup();
    const report = sampleReport();
    expect(await router.handle({ type: 'check-report', report }, extensionPage)).toEqual({ ok: true, report });
    const bad = (await router.handle({ type: 'check-report', report: { ...report, domain: '' } }, extensionPage)) as { ok: boolean; error: string };
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/domain/);
    expect(await router.handle({ type: 'check-report', report }, page)).toBeNull();
  });

  it('hand-offs are read and recorded by the background; not without its store', async () => {
    const recorded: unknown[] = [];
    const { router } = setup({ handoffs: { list: async () => [], record: async (h) => (recorded.push(h), true) } });
    expect(await router.handle({ type: 'record-report-handoff', handoff: { reportId: 'r' } }, extensionPage)).toEqual({ ok: true });
    expect(recorded).toEqual([{ reportId: 'r' }]);
    expect(await router.handle({ type: 'get-report-handoffs' }, extensionPage)).toEqual([]);
    expect(await setup().router.handle({ type: 'get-report-handoffs' }, extensionPage)).toBeNull();
  });
});

describe('message router: "I trust this site" under browser policy', () => {
  const base = { protectionMode: 'block' as const, allowProceed: true, managed: [] as string[], policyError: undefined as string | undefined };
  function withSettings(settings: typeof base) {
    const saved: string[] = [];
    const router = createMessageRouter({
      service: { refresh: async () => {} } as unknown as TabVerdictService,
      trustedSites: async () => [],
      saveTrustedSites: async (s) => void saved.push(...s.map((x) => x.domain)),
      continuedHosts: async () => [],
      saveContinuedHosts: async () => {},
      sendToTab: async () => {},
      protection: { settings: async () => settings, authorise: async () => ({ ok: true }) } as unknown as ProtectionService,
    });
    return { router, saved };
  }
  const trust = { type: 'trust-site', host: 'tramadolus.org', confirmAuthority: true };

  it.each([
    ['policy sets block mode and forbids a way past', { ...base, allowProceed: false, managed: ['protectionMode', 'allowProceed'] }],
    ['policy sets block mode', { ...base, managed: ['protectionMode'] }],
    ['the user chose block mode and policy forbids a way past', { ...base, allowProceed: false, managed: ['allowProceed'] }],
    ['policy is invalid (fails closed)', { ...base, allowProceed: false, managed: ['protectionMode', 'allowProceed'], policyError: 'protectionMode: invalid' }],
  ])('refuses when %s, whatever the UI offers', async (_why, settings) => {
    const { router, saved } = withSettings(settings);
    expect(await router.handle(trust, extensionPage)).toEqual({ ok: false, error: 'managed' });
    expect(saved).toEqual([]);
  });

  it.each([
    ['no policy, block mode chosen by a parent', base],
    ['policy sets warn mode', { ...base, protectionMode: 'warn' as const, managed: ['protectionMode'] }],
  ])('allows when %s', async (_why, settings) => {
    const { router, saved } = withSettings(settings as typeof base);
    expect(await router.handle(trust, extensionPage)).toEqual({ ok: true });
    expect(saved).toEqual(['tramadolus.org']);
  });
});

describe('message router: the page address comes from the browser, not the page', () => {
  function recording() {
    const seen: string[] = [];
    const service = {
      pageHello: async (_tab: number, url: string) => (seen.push(`hello ${url}`), { url, host: '', level: 'none', score: 0, reasons: [] }),
      pageReported: async (_tab: number, snapshot: { url: string }) => (
        seen.push(`reported ${snapshot.url}`),
        { url: snapshot.url, host: '', level: 'none', score: 0, reasons: [] }
      ),
      state: () => ({ verdict: null, engineLevel: null, trusted: false, continued: false }),
    } as unknown as TabVerdictService;
    const router = createMessageRouter({
      service,
      trustedSites: async () => [],
      saveTrustedSites: async () => {},
      continuedHosts: async () => [],
      saveContinuedHosts: async () => {},
      sendToTab: async () => {},
    });
    return { router, seen };
  }

  it('a single-page app’s own route (same origin) is taken', async () => {
    const { router, seen } = recording();
    const sender = { tabId: 4, frameId: 0, url: 'https://shop.example/', fromExtensionPage: false };
    await router.handle({ type: 'page-hello', url: 'https://shop.example/catalogue' }, sender);
    expect(seen).toEqual(['hello https://shop.example/catalogue']);
  });

  it('hello and snapshot are judged at the sender’s address, whatever other site the page writes into them', async () => {
    const { router, seen } = recording();
    const sender = { tabId: 4, frameId: 0, url: 'https://rogue-shop.example/buy', fromExtensionPage: false };
    await router.handle({ type: 'page-hello', url: 'https://www.google.com/' }, sender);
    await router.handle({ type: 'page-snapshot', snapshot: { url: 'https://www.google.com/', text: 'oxycodone' } }, sender);
    expect(seen).toEqual(['hello https://rogue-shop.example/buy', 'reported https://rogue-shop.example/buy']);
  });
});
