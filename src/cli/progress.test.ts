import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressLine } from './progress';

function capture(enabled: boolean) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += String(d)));
  return { progress: new ProgressLine(out as never, enabled), text: () => text };
}

describe('ProgressLine', () => {
  it('on a terminal: one line with records, pages/s and flagged, redrawn in place, ended with a newline', async () => {
    const { progress, text } = capture(true);
    progress.count(true, true);
    progress.count(true, false);
    progress.count(false, false);
    progress.finish();
    await new Promise((r) => setImmediate(r));
    expect(text()).toMatch(
      /^\r\x1b\[Krxradar scan: 1 records, \d+ pages\/s, 1 flagged, 0 failed\r\x1b\[Krxradar scan: 3 records, \d+ pages\/s, 1 flagged, 1 failed\n$/,
    );
  });

  it('not a terminal: writes nothing', async () => {
    const { progress, text } = capture(false);
    progress.count(true, true);
    progress.clear();
    progress.finish();
    await new Promise((r) => setImmediate(r));
    expect(text()).toBe('');
  });
});
