import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPinRecord, DAMAGED_PIN } from './family/pin-lock';
import { changesDecisionInputs, DECISION_INPUT_KEYS, pinRecordItem, readPinRecord } from './storage-items';

describe('reading the stored PIN record (issue 10, finding 7)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('no record is no PIN', async () => {
    expect(await readPinRecord()).toBeNull();
  });

  it('a valid record is read back', async () => {
    const record = await createPinRecord('482915', 600_000);
    await pinRecordItem.setValue(record);
    expect(await readPinRecord()).toEqual(record);
  });

  it.each([['garbage'], [{ algorithm: 'PBKDF2-SHA-256', iterations: 10, salt: 'x', hash: 'y' }], [[1, 2, 3]]])(
    'a damaged record (%j) fails closed: it is not "no PIN"',
    async (raw) => {
      await fakeBrowser.storage.local.set({ pinRecord: raw });
      expect(await readPinRecord()).toBe(DAMAGED_PIN);
    },
  );
});

describe("which storage changes the background's kept decision inputs follow", () => {
  it('the values decisions read, in their own areas, and the policy', () => {
    expect([...DECISION_INPUT_KEYS].sort()).toEqual([
      'local:communityListEnabled',
      'local:trustedSites',
      'local:userSettings',
      'session:continuedHosts',
      'session:proceededHosts',
    ]);
    expect(changesDecisionInputs('local', ['trustedSites'])).toBe(true);
    expect(changesDecisionInputs('session', ['tabStates', 'continuedHosts'])).toBe(true);
    expect(changesDecisionInputs('managed', ['mode'])).toBe(true);
  });

  it('not what every verdict writes (tab states, the activity log) nor the same key in another area', () => {
    expect(changesDecisionInputs('session', ['tabStates'])).toBe(false);
    expect(changesDecisionInputs('local', ['activityLog', 'policyCache'])).toBe(false);
    expect(changesDecisionInputs('sync', ['trustedSites'])).toBe(false);
    expect(changesDecisionInputs('local', ['continuedHosts'])).toBe(false);
  });
});
