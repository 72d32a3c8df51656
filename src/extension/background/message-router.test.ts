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
import { createMessageRouter, type RouterDeps } from './message-router';

function setup() {
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
    goBack: async () => {},
    sendToTab: async () => {},
    reports: {
      start: async (tabId) => (calls.push(`start:${tabId}`), { ok: true, draftId: 'd' }),
      draft: async () => null,
      outbox,
    },
    feeds,
    protection: { updateSettings: async (change: object) => (calls.push(`update:${JSON.stringify(change)}`), { ok: true }) } as unknown as ProtectionService,
    checkBulk: () => (calls.push('bulk'), { format: 'txt', problems: [], lines: [], counts: { new: 0, duplicate: 0, listed: 0, 'known-pharmacy': 0, invalid: 0 } }),
  };
  return { router: createMessageRouter(deps), calls };
}

const page = { tabId: 7, frameId: 0, fromExtensionPage: false };
const extensionPage = { fromExtensionPage: true };

describe('message router: reports, feeds, researcher tools', () => {
  it('a web page can only report itself, from its top frame', async () => {
    const { router, calls } = setup();
    await router.handle({ type: 'report-site' }, page);
    expect(calls).toEqual(['start:7']);
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
    expect(calls).toEqual(['start:7']);
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
    expect(calls).toEqual(['start:3', 'submit', 'view', 'action:retry', 'feeds', 'refresh', 'bulk']);
  });

  it('refuses malformed requests', async () => {
    const { router, calls } = setup();
    expect(await router.handle({ type: 'report-queue-action', action: 'delete-everything' }, extensionPage)).toBeNull();
    expect(await router.handle({ type: 'check-bulk-input', text: 'x'.repeat(10 * 1024 * 1024 + 1) }, extensionPage)).toBeNull();
    expect(await router.handle({ type: 'update-settings', change: { reportEndpoint: 'http://reports.example.org/' } }, extensionPage)).toBeNull();
    expect(await router.handle({ type: 'update-settings', change: { feedSubscriptions: ['ftp://x.example/feed'] } }, extensionPage)).toBeNull();
    expect(calls).toEqual([]);
    // The same change with good addresses goes through (to the lock and policy checks).
    await router.handle({ type: 'update-settings', change: { reportEndpoint: 'https://reports.example.org/v1/reports', feedSubscriptions: ['http://localhost:8080/feed.json'] } }, extensionPage);
    expect(calls).toEqual(['update:{"reportEndpoint":"https://reports.example.org/v1/reports","feedSubscriptions":["http://localhost:8080/feed.json"]}']);
  });
});
