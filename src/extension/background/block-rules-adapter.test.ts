import { describe, expect, it } from 'vitest';
import { type Dnr, type InstalledRulesRecord, installBlockRules } from './block-rules-adapter';

/** The browser's two rule sets, counting the updates RxRadar makes. */
function fakeDnr(opts: { failSessionUpdate?: () => boolean } = {}) {
  let dynamic: Array<{ id: number }> = [];
  let session: Array<{ id: number }> = [];
  const calls = { dynamic: 0, session: 0 };
  const api: Dnr = {
    getDynamicRules: async () => dynamic,
    getSessionRules: async () => session,
    async updateDynamicRules({ removeRuleIds = [], addRules = [] }) {
      calls.dynamic++;
      dynamic = [...dynamic.filter((r) => !removeRuleIds.includes(r.id)), ...(addRules as Array<{ id: number }>)];
    },
    async updateSessionRules({ removeRuleIds = [], addRules = [] }) {
      calls.session++;
      if (opts.failSessionUpdate?.()) throw new Error('rule limit');
      session = [...session.filter((r) => !removeRuleIds.includes(r.id)), ...(addRules as Array<{ id: number }>)];
    },
  };
  return { api, calls, rules: () => ({ dynamic, session }) };
}

function memoryRecord(): InstalledRulesRecord & { value: string | null } {
  const r = {
    value: null as string | null,
    read: async () => r.value,
    write: async (key: string | null) => {
      r.value = key;
    },
  };
  return r;
}

const A = { domains: ['rogue.example', 'pills.example'], passes: [], excluded: [] };
const B = { domains: ['rogue.example'], passes: ['pills.example'], excluded: [] };

describe('installBlockRules', () => {
  it('installs the rules, then leaves the same rules alone when the worker wakes again', async () => {
    const dnr = fakeDnr();
    const record = memoryRecord();
    await installBlockRules(dnr.api, A, record);
    expect(dnr.calls).toEqual({ dynamic: 1, session: 1 });
    const installed = dnr.rules();
    await installBlockRules(dnr.api, A, record);
    await installBlockRules(dnr.api, { ...A, domains: [...A.domains].reverse() }, record);
    expect(dnr.calls).toEqual({ dynamic: 1, session: 1 });
    expect(dnr.rules()).toEqual(installed);
  });

  it('installs again when the lists, the passes or the exceptions change', async () => {
    const dnr = fakeDnr();
    const record = memoryRecord();
    await installBlockRules(dnr.api, A, record);
    await installBlockRules(dnr.api, B, record);
    expect(dnr.calls).toEqual({ dynamic: 2, session: 2 });
    expect(dnr.rules().session).toHaveLength(1);
    await installBlockRules(dnr.api, { ...B, excluded: ['rogue.example'] }, record);
    expect(dnr.calls).toEqual({ dynamic: 3, session: 3 });
  });

  it('installs when nothing was recorded this session (a browser restart, an update)', async () => {
    const dnr = fakeDnr();
    await installBlockRules(dnr.api, A, memoryRecord());
    await installBlockRules(dnr.api, A, memoryRecord());
    expect(dnr.calls.dynamic).toBe(2);
  });

  it('does not trust the record after an update that failed half-way', async () => {
    let fail = false;
    const dnr = fakeDnr({ failSessionUpdate: () => fail });
    const record = memoryRecord();
    await installBlockRules(dnr.api, A, record);
    fail = true;
    // The dynamic rule becomes B's, the session rules fail: the record must not still say A.
    await expect(installBlockRules(dnr.api, B, record)).rejects.toThrow('rule limit');
    fail = false;
    await installBlockRules(dnr.api, A, record);
    expect(dnr.calls.dynamic).toBe(3);
    const again = fakeDnr();
    await installBlockRules(again.api, A, memoryRecord());
    expect(dnr.rules()).toEqual(again.rules());
  });

  it('installs when the record cannot be read', async () => {
    const dnr = fakeDnr();
    const record = { read: () => Promise.reject(new Error('storage')), write: async () => undefined };
    await installBlockRules(dnr.api, A, record);
    await installBlockRules(dnr.api, A, record);
    expect(dnr.calls.dynamic).toBe(2);
  });
});
