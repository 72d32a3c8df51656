import { describe, expect, it } from 'vitest';
import { packCommunityList } from '../../../scripts/build/prepared-data-plugin';
import { openShippedLexicon, prepareEngineData, shipLexicon } from '../../core/engine';
import { bundledData } from '../../data/bundled-data';
import { COMMUNITY_LIST_META } from '../../data/community-list-meta';
import { loadCommunityListNode } from '../../data/load-community-list-node';
import { testEngine } from '../../../tests/support/test-engine';
import { createEngineHolder } from './engine-holder';

const { lexicon, ...prepared } = prepareEngineData(bundledData);
const files = shipLexicon(lexicon);
const shipped = openShippedLexicon(files.json, files.bytes);
const loadLexicon = async () => shipped;

describe('engine holder (data prepared at build time)', () => {
  it('judges every community-listed host as the engine built from the list text does', async () => {
    const bytes = packCommunityList();
    const holder = createEngineHolder({ prepared, loadLexicon, communitySource: COMMUNITY_LIST_META, loadCommunityTable: async () => bytes });
    const packed = await holder.get();
    const reference = testEngine();
    const hosts = loadCommunityListNode().hosts;
    expect(packed.lists.sizes).toEqual(reference.lists.sizes);
    for (const [i, host] of hosts.entries()) {
      if (i % 5 !== 0) continue;
      for (const url of [`https://${host}/`, `http://shop.${host}/cart`]) expect(packed.checkUrl(url)).toEqual(reference.checkUrl(url));
    }
    expect(packed.checkUrl('https://example.org/')).toEqual(reference.checkUrl('https://example.org/'));
  });

  it('answers without the community list when its file cannot be read, and tries again for the next engine', async () => {
    const bytes = packCommunityList();
    let calls = 0;
    const holder = createEngineHolder({
      prepared,
      loadLexicon,
      communitySource: COMMUNITY_LIST_META,
      loadCommunityTable: async () => {
        calls++;
        if (calls === 1) throw new Error('no file');
        return bytes;
      },
    });
    const host = loadCommunityListNode().hosts[0]!;
    expect((await holder.get()).checkUrl(`https://${host}/`).level).toBe(testEngine().checkUrl('https://example.org/').level);
    expect((await holder.get()).checkUrl(`https://${host}/`)).toEqual(testEngine().checkUrl(`https://${host}/`));
    expect(calls).toBe(2);
  });

  it('judges pages with the lexicon as the extension ships it (data/lexicon.json) as the engine built from the data files does', async () => {
    // Written and read as the build writes the files and the worker reads them.
    const json = JSON.stringify(files.json);
    const bytes = files.bytes.slice().buffer;
    const holder = createEngineHolder({
      prepared,
      loadLexicon: async () => openShippedLexicon(JSON.parse(json), bytes),
      communitySource: COMMUNITY_LIST_META,
      loadCommunityTable: async () => packCommunityList(),
    });
    const engine = await holder.get();
    const reference = testEngine();
    const drug = lexicon.drugs.drugs.find((d) => d.schedule === 'II')!.names[0]!;
    const pages = [
      { url: 'https://shop.example-store.com/', text: `Buy ${drug} online without prescription. Overnight shipping, no doctor needed. Pay with bitcoin.` },
      { url: 'https://news.example.org/health', text: `A study of ${drug} was published today; ask your doctor before you take it.` },
      { url: 'https://blog.example.net/', text: 'Gardening tips for the spring.' },
    ];
    for (const page of pages) expect(engine.analyzePage(page)).toEqual(reference.analyzePage(page));
    expect(engine.analyzePage(pages[0]!).level).not.toBe(reference.analyzePage(pages[2]!).level);
  });

  it('tries the lexicon file again for the next engine when it could not be read', async () => {
    let calls = 0;
    const holder = createEngineHolder({
      prepared,
      loadLexicon: async () => {
        calls++;
        if (calls === 1) throw new Error('no file');
        return shipped;
      },
      communitySource: COMMUNITY_LIST_META,
      loadCommunityTable: async () => packCommunityList(),
    });
    holder.warmUp();
    await expect(holder.get()).rejects.toThrow('no file');
    expect((await holder.get()).checkUrl('https://example.org/')).toEqual(testEngine().checkUrl('https://example.org/'));
    expect(calls).toBe(2);
  });

  it('drops the community list when it is switched off', async () => {
    const holder = createEngineHolder({ prepared, loadLexicon, communitySource: COMMUNITY_LIST_META, loadCommunityTable: async () => packCommunityList() });
    holder.setCommunityEnabled(false);
    expect((await holder.get()).lists.sizes.community).toBe(0);
    holder.setCommunityEnabled(true);
    expect((await holder.get()).lists.sizes.community).toBeGreaterThan(10_000);
  });
});

describe('engine holder: when the lexicon is compiled', () => {
  const later = () => new Promise((r) => setTimeout(r, 20));

  it('not with the engine: address verdicts (a listed site) do not wait behind it', async () => {
    const holder = createEngineHolder({ prepared, loadLexicon, communitySource: COMMUNITY_LIST_META, loadCommunityTable: async () => packCommunityList() });
    await holder.get();
    await later();
    expect(holder.timings.analysisMs).toBeNull();
  });

  it('in the next task once a page is about to report (analysisWanted), before or after the engine is ready', async () => {
    for (const early of [true, false]) {
      const holder = createEngineHolder({ prepared, loadLexicon, communitySource: COMMUNITY_LIST_META, loadCommunityTable: async () => packCommunityList() });
      if (early) holder.analysisWanted();
      await holder.get();
      if (!early) holder.analysisWanted();
      expect(holder.timings.analysisMs).toBeNull();
      await later();
      expect(holder.timings.analysisMs).not.toBeNull();
    }
  });
});
