/**
 * scripts/suite-cpu.ts sorts the processes a test run starts into the rows of its table; the
 * command lines here are the ones Debian's Chromium and Firefox ESR, vitest and the CLI tests have.
 */
import { describe, expect, it } from 'vitest';
import { processKind } from '../../scripts/suite-cpu';

describe('suite-cpu: what a process is', () => {
  it('tells a Chromium the tests started from its helper processes', () => {
    expect(processKind('chromium', '/usr/lib/chromium/chromium --no-sandbox --headless --remote-debugging-pipe --user-data-dir=/tmp/x ')).toBe(
      'Chromium: browser process',
    );
    expect(processKind('chromium', '/usr/lib/chromium/chromium --type=renderer --extension-process --lang=en-US ')).toBe('Chromium: extension renderers');
    expect(processKind('chromium', '/usr/lib/chromium/chromium --type=renderer --lang=en-US ')).toBe('Chromium: page renderers');
    expect(processKind('chromium', '/usr/lib/chromium/chromium --type=gpu-process ')).toBe('Chromium: GPU process');
    expect(processKind('chromium', '/usr/lib/chromium/chromium --type=zygote ')).toBe('Chromium: other (utility, zygote)');
    expect(processKind('chrome_crashpad', '/usr/lib/chromium/chrome_crashpad_handler --monitor-self ')).toBe('Chromium: other (utility, zygote)');
    // Debian's /usr/bin/chromium is a shell script until it execs the browser.
    expect(processKind('chromium', '/bin/sh /usr/bin/chromium --headless ')).toBe('shell scripts (browser start-up wrappers)');
  });

  it('tells a Firefox the tests started from its child processes', () => {
    expect(processKind('firefox-esr', '/usr/bin/firefox-esr --headless about:blank --remote-debugging-port=0 ')).toBe('Firefox: parent process');
    expect(processKind('firefox-esr', '/usr/bin/firefox-esr -contentproc -isForBrowser ')).toBe('Firefox: other');
    expect(processKind('Web Content', '/usr/lib/firefox-esr/firefox-esr -contentproc ')).toBe('Firefox: content and extension processes');
    expect(processKind('WebExtensions', '/usr/lib/firefox-esr/firefox-esr -contentproc ')).toBe('Firefox: content and extension processes');
  });

  it('tells vitest from the processes the tests start', () => {
    expect(processKind('node', 'node /work/node_modules/.bin/vitest run ')).toBe('vitest main process');
    expect(processKind('node', 'node /work/node_modules/vitest/dist/workers/forks.js ')).toBe('vitest workers');
    expect(processKind('node', 'node /work/dist/cli/rxradar.mjs scan --workers 2 ')).toBe('Node processes the tests start (CLI, servers)');
    expect(processKind('python3', 'python3 scripts/cluster/dask_scan.py ')).toBe('Python (the Dask test)');
    expect(processKind('kworker/0:1', '')).toBe('kernel threads');
  });
});
