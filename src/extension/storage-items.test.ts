import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createPinRecord, DAMAGED_PIN } from './family/pin-lock';
import { pinRecordItem, readPinRecord } from './storage-items';

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
