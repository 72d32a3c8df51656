import { describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine';
import { bundledData } from '../../data/bundled-data';
import type { AnnotateLinks } from '../policy/policy-schema';
import { type DecisionInputs, NO_DECISIONS } from '../user-decisions';
import { createLinkChecker } from './link-check';

const engine = createEngine({
  ...bundledData,
  community: {
    name: 'Test community list',
    source: 'Test community list',
    sourceUrl: 'https://lists.example/',
    date: '2026-01-01',
    hosts: ['community-listed.example'],
  },
});
const t = (key: string) => key;
const SEARCH = 'https://www.google.com/search?q=buy+tramadol';
const FORUM = 'https://forum.example/thread/1';

function checker(annotate: AnnotateLinks = 'everywhere', inputs: Partial<DecisionInputs> = {}) {
  return createLinkChecker({ engine: () => engine, decisionInputs: async () => ({ ...NO_DECISIONS, ...inputs }), annotateLinks: async () => annotate, t });
}

const HOSTS = [
  'tramadolus.org',
  'www.alpharoyalpharmacy.com',
  'community-listed.example',
  'cvs.com',
  'www.northfield.pharmacy',
  'en.wikipedia.org',
  'admin-blocked.example',
  '127.0.0.1',
];

describe('link checks in the background', () => {
  it('on a search page: danger for authority and policy lists, caution for the community list, quiet verified marks', async () => {
    const reply = await checker('everywhere', { policyBlock: ['admin-blocked.example'] }).check(SEARCH, HOSTS);
    expect(reply.enabled).toBe(true);
    expect(reply.search).toBe(true);
    const byHost = Object.fromEntries(reply.marks.map((m) => [m.host, m.level]));
    expect(byHost).toEqual({
      'tramadolus.org': 'danger',
      'www.alpharoyalpharmacy.com': 'danger',
      'community-listed.example': 'caution',
      'cvs.com': 'verified',
      'www.northfield.pharmacy': 'verified',
      'admin-blocked.example': 'danger',
    });
    // The mark's words come with it, in the user's language (here the English fallbacks).
    const labels = Object.fromEntries(reply.marks.map((m) => [m.host, m.label]));
    expect(labels['tramadolus.org']).toBe('Danger');
    expect(labels['community-listed.example']).toBe('Caution');
    expect(labels['cvs.com']).toBe('Verified');
    for (const m of reply.marks) {
      expect(m.aria).toBe(`RxRadar: ${m.label}. ${m.reason}`);
      expect(m.reason.length).toBeGreaterThan(5);
      expect(m.reason).not.toMatch(/\n/);
      expect(m.blocked).toBe(false);
    }
    expect(reply.marks.find((m) => m.host === 'admin-blocked.example')!.reason).toMatch(/administrator/i);
  });

  it('on any other page: danger marks only', async () => {
    const reply = await checker().check(FORUM, HOSTS);
    expect(reply.marks.map((m) => [m.host, m.level])).toEqual([
      ['tramadolus.org', 'danger'],
      ['www.alpharoyalpharmacy.com', 'danger'],
    ]);
  });

  it('block mode: danger marks say blocked', async () => {
    const reply = await checker('everywhere', { mode: 'block' }).check(FORUM, ['tramadolus.org']);
    expect(reply.marks).toMatchObject([{ host: 'tramadolus.org', level: 'danger', blocked: true }]);
  });

  it('trusted sites are not marked, except an authority listing only a second confirmation lifts', async () => {
    const trusted = [
      { domain: 'community-listed.example', addedAt: 0, overridesAuthority: false },
      { domain: 'tramadolus.org', addedAt: 0, overridesAuthority: false },
    ];
    const reply = await checker('everywhere', { trusted }).check(SEARCH, ['community-listed.example', 'tramadolus.org']);
    expect(reply.marks.map((m) => m.host)).toEqual(['tramadolus.org']);
  });

  it('annotateLinks: off marks nothing; search marks only search pages', async () => {
    expect(await checker('off').check(SEARCH, HOSTS)).toEqual({ enabled: false, search: true, marks: [] });
    expect(await checker('search').check(FORUM, HOSTS)).toEqual({ enabled: false, search: false, marks: [] });
    expect((await checker('search').check(SEARCH, HOSTS)).marks.length).toBe(5);
  });

  it('hostile input: junk hosts are skipped, repeats answered once', async () => {
    const reply = await checker().check(FORUM, ['tramadolus.org', 'tramadolus.org', '', '<img src=x>', 'a'.repeat(300), 'xn--']);
    expect(reply.marks.map((m) => m.host)).toEqual(['tramadolus.org']);
  });
});
