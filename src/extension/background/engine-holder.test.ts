import { describe, expect, it } from 'vitest';
import { packCommunityList } from '../../../scripts/build/prepared-data-plugin';
import { prepareEngineData } from '../../core/engine';
import { bundledData } from '../../data/bundled-data';
import { COMMUNITY_LIST_META } from '../../data/community-list-meta';
import { loadCommunityListNode } from '../../data/load-community-list-node';
import { testEngine } from '../../../tests/support/test-engine';
import { createEngineHolder } from './engine-holder';

const prepared = prepareEngineData(bundledData);

describe('engine holder (data prepared at build time)', () => {
  it('judges every community-listed host as the engine built from the list text does', async () => {
    const bytes = packCommunityList();
    const holder = createEngineHolder({ prepared, communitySource: COMMUNITY_LIST_META, loadCommunityTable: async () => bytes });
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

  it('drops the community list when it is switched off', async () => {
    const holder = createEngineHolder({ prepared, communitySource: COMMUNITY_LIST_META, loadCommunityTable: async () => packCommunityList() });
    holder.setCommunityEnabled(false);
    expect((await holder.get()).lists.sizes.community).toBe(0);
    holder.setCommunityEnabled(true);
    expect((await holder.get()).lists.sizes.community).toBeGreaterThan(10_000);
  });
});
