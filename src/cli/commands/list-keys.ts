/** `rxradar list keygen`: the Ed25519 key pair that signs list feeds, and reading its private half back for `list publish`. */
import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { importFeedSigningKey, generateFeedKeyPair, toBase64 } from '../../core/lists/list-feed';
import { InputError } from '../scan-batch';
import { exists, readTextFile, writeFileAtomic } from '../list-files';

/** Private key file written by keygen and read by publish: PKCS#8 PEM, mode 0600. */
export const PRIVATE_KEY_FILE = 'rxradar-feed-private-key.pem';
/** Public key file: the base64 raw public key and a newline. */
export const PUBLIC_KEY_FILE = 'rxradar-feed-public-key.txt';

export interface ListKeygenResult {
  /** base64 raw Ed25519 public key: what to print, and what trusted-key lists hold. */
  publicKey: string;
  privateKeyPath: string;
  publicKeyPath: string;
}

function pem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der)
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function fromPem(text: string, label: string, path: string): Uint8Array {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(text);
  if (!m) throw new InputError(`${path}: not a PEM ${label}`);
  return Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/**
 * Writes a new Ed25519 key pair into `outDir` (created with mode 0700 if missing): the private key
 * as PKCS#8 PEM with mode 0600, the public key as base64 raw. Never overwrites a key unless `force`.
 */
export async function listKeygen(outDir: string, opts: { force?: boolean } = {}): Promise<ListKeygenResult> {
  const privateKeyPath = join(outDir, PRIVATE_KEY_FILE);
  const publicKeyPath = join(outDir, PUBLIC_KEY_FILE);
  try {
    await mkdir(outDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new InputError(`${outDir}: cannot create directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!opts.force && (await exists(privateKeyPath)))
    throw new InputError(`${privateKeyPath}: a key is already there; not overwritten (use --force to replace it)`);
  const kp = await generateFeedKeyPair();
  try {
    const fh = await open(privateKeyPath, opts.force ? 'w' : 'wx', 0o600);
    try {
      await fh.chmod(0o600); // also when --force replaced a looser file
      await fh.writeFile(pem('PRIVATE KEY', kp.privateKeyPkcs8), 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new InputError(`${privateKeyPath}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  await writeFileAtomic(publicKeyPath, `${kp.publicKey}\n`, 0o644);
  await chmod(publicKeyPath, 0o644);
  return { publicKey: kp.publicKey, privateKeyPath, publicKeyPath };
}

export async function loadSigningKey(keyDir: string, warnings: string[]) {
  const path = join(keyDir, PRIVATE_KEY_FILE);
  const text = await readTextFile(path, 64 * 1024);
  const st = await stat(path);
  if ((st.mode & 0o077) !== 0) warnings.push(`${path}: the private key is readable by others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`);
  let key;
  try {
    key = await importFeedSigningKey(fromPem(text, 'PRIVATE KEY', path));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: not an Ed25519 private key (${err instanceof Error ? err.message : String(err)})`);
  }
  const pubPath = join(keyDir, PUBLIC_KEY_FILE);
  if (await exists(pubPath)) {
    const pub = (await readTextFile(pubPath, 4096)).trim();
    if (pub !== key.publicKey) throw new InputError(`${pubPath}: does not match ${PRIVATE_KEY_FILE} (its public key is ${key.publicKey})`);
  }
  return key;
}

/** The sequence of the feed already at `path`, or null when there is none; refuses to overwrite anything else. */
