import { describe, expect, it } from 'vitest';
import { releaseTab, takeTab } from './tab-takeover';

const SITE = 'https://rogue.example/shop';
const OURS = `chrome-extension://abc/blocked.html#${SITE}`;
const isOurs = (u: string | undefined) => !!u && u.startsWith('chrome-extension://abc/') && u.endsWith(`#${SITE}`);

describe("takeTab: when RxRadar's page takes a tab for a danger verdict", () => {
  it('a tab showing the site is taken; "Go back" steps over the site\'s page', () => {
    expect(takeTab({ url: SITE }, SITE, undefined, isOurs)).toEqual({ stepsBack: 2 });
  });

  it('a tab on its way to the site is taken before the site shows', () => {
    expect(takeTab({ url: 'https://search.example/?q=pills', pendingUrl: SITE }, SITE, undefined, isOurs)).toEqual({ stepsBack: 1 });
  });

  it('a tab whose navigation the stop rule ended is taken, though it still shows the page before (Firefox)', () => {
    expect(takeTab({ url: 'https://search.example/' }, SITE, SITE, isOurs)).toEqual({ stepsBack: 1 });
  });

  it('a tab on its way to another address is left alone, even if it shows the site or ended on it', () => {
    expect(takeTab({ url: SITE, pendingUrl: 'https://news.example/' }, SITE, undefined, isOurs)).toBeNull();
    expect(takeTab({ url: 'https://search.example/', pendingUrl: 'https://news.example/' }, SITE, SITE, isOurs)).toBeNull();
  });

  it('a tab at rest elsewhere is left alone (a late verdict for the page before)', () => {
    expect(takeTab({ url: 'https://news.example/' }, SITE, undefined, isOurs)).toBeNull();
    expect(takeTab({ url: 'https://news.example/' }, SITE, 'https://other.example/', isOurs)).toBeNull();
  });

  it("a tab already showing, or about to show, RxRadar's page for the site is left as it is", () => {
    expect(takeTab({ url: OURS }, SITE, SITE, isOurs)).toBeNull();
    expect(takeTab({ url: SITE, pendingUrl: OURS }, SITE, undefined, isOurs)).toBeNull();
  });

  it('a closed tab is nothing to take', () => {
    expect(takeTab(null, SITE, SITE, isOurs)).toBeNull();
  });

  it('an empty pendingUrl counts as no navigation under way', () => {
    expect(takeTab({ url: SITE, pendingUrl: '' }, SITE, undefined, isOurs)).toEqual({ stepsBack: 2 });
  });
});

describe("releaseTab: when a tab on RxRadar's page goes on to the site", () => {
  it("a tab on RxRadar's page for the site goes on", () => {
    expect(releaseTab({ url: OURS }, SITE, isOurs)).toBe(true);
  });
  it('not twice: a tab already on its way to the site is left to arrive', () => {
    expect(releaseTab({ url: OURS, pendingUrl: SITE }, SITE, isOurs)).toBe(false);
  });
  it("a tab elsewhere (or RxRadar's page for another address) stays where it is", () => {
    expect(releaseTab({ url: SITE }, SITE, isOurs)).toBe(false);
    expect(releaseTab({ url: 'chrome-extension://abc/blocked.html#https://other.example/' }, SITE, isOurs)).toBe(false);
    expect(releaseTab(null, SITE, isOurs)).toBe(false);
  });
});
