/**
 * Browser policy where an administrator (or a parent) puts it, seen by one browser only.
 *
 * Chromium reads its managed policy from /etc/chromium/policies/managed/*.json and Firefox ESR from
 * policies.json in its distribution directory: paths compiled into the browsers, machine-wide. A
 * test's policy is written into a private copy of that directory, and the browser is started in a
 * mount namespace of its own (util-linux `unshare`, as root) with the copy bound over the real
 * directory. The browser reads the policy from the very path a family computer has it at, while no
 * other browser on the machine sees it: the policy tests run beside the other browser tests, nothing
 * is written under /etc or /usr, and a test that dies leaves no policy behind.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CHROME_EXTENSION_ID, GECKO_ID } from '../../../wxt.config';
import { CHROMIUM_PATH } from './chromium';
import { FIREFOX_PATH } from './firefox';

/** The directory Debian's chromium package owns; its policies live in policies/managed under it. */
const CHROMIUM_ETC = '/etc/chromium';
export const CHROMIUM_POLICY_FILE = `${CHROMIUM_ETC}/policies/managed/rxradar-test.json`;
/** Debian's firefox-esr: /usr/lib/firefox-esr/distribution is a symlink into /usr/share/firefox-esr. */
export const FIREFOX_POLICY_FILE = '/usr/lib/firefox-esr/distribution/policies.json';

export interface MachinePolicy {
  /** Where the browser reads the policy: the machine-wide path. */
  path: string;
  /** The policy file's text. */
  text: string;
  /** Starts the browser (arguments passed on) with the policy at `path`: the launchers' `policy` option. */
  executable: string;
  /** Removes the private copy. */
  remove(): void;
}

/** Chromium's managed policy file holding `extensionPolicy` for RxRadar. */
export function chromiumMachinePolicy(extensionPolicy: Record<string, unknown>): MachinePolicy {
  const text = `${JSON.stringify({ '3rdparty': { extensions: { [CHROME_EXTENSION_ID]: extensionPolicy } } }, null, 2)}\n`;
  return privatePolicy(CHROMIUM_PATH, CHROMIUM_ETC, CHROMIUM_POLICY_FILE, text);
}

/** Firefox ESR's policies.json with a "3rdparty" entry for RxRadar. */
export function firefoxMachinePolicy(extensionPolicy: Record<string, unknown>): MachinePolicy {
  const text = `${JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: extensionPolicy } } } }, null, 2)}\n`;
  const distribution = realpathSync(join(FIREFOX_POLICY_FILE, '..'));
  return privatePolicy(FIREFOX_PATH, distribution, join(distribution, 'policies.json'), text, FIREFOX_POLICY_FILE);
}

const SAFE_PATH = /^\/[\w./-]+$/;

function privatePolicy(browserPath: string, machineDir: string, file: string, text: string, shownPath = file): MachinePolicy {
  if (!existsSync(machineDir)) throw new Error(`${machineDir} not found: it comes with the browser's Debian package`);
  const root = mkdtempSync(join(tmpdir(), 'rxradar-policy-'));
  const copy = join(root, 'dir');
  // The paths go into a shell script unquoted by the shell's rules: plain characters only.
  for (const p of [copy, machineDir, browserPath]) if (!SAFE_PATH.test(p)) throw new Error(`unexpected characters in ${p}`);
  cpSync(machineDir, copy, { recursive: true });
  const inCopy = join(copy, relative(machineDir, file));
  mkdirSync(join(inCopy, '..'), { recursive: true });
  writeFileSync(inCopy, text);
  const executable = join(root, 'browser-with-policy');
  writeFileSync(
    executable,
    [
      '#!/bin/sh',
      `# ${browserPath} in a mount namespace of its own, with ${copy} bound over ${machineDir}.`,
      `exec unshare --mount --propagation private /bin/sh -c 'mount --bind "$1" "$2" || exit 97; shift 2; exec "$@"' browser-with-policy ${copy} ${machineDir} ${browserPath} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(executable, 0o755);
  return { path: shownPath, text, executable, remove: () => rmSync(root, { recursive: true, force: true }) };
}
