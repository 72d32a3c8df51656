/**
 * Signed list feeds: how a list reaches installed extensions without a release.
 *
 * A feed document is JSON:
 *
 *     { "format": "rxradar-list-feed", "version": 1,
 *       "payload": "<the list as a JSON string>",
 *       "signature": "<base64 Ed25519 signature over the UTF-8 bytes of payload>",
 *       "keyId": "<base64 raw 32-byte Ed25519 public key>" }
 *
 * and the payload parses to `{ name, sequence, published, entries }` (FeedPayloadSchema). The
 * signature covers the payload string exactly as sent, so no canonical JSON is needed. Signing and
 * verifying use WebCrypto Ed25519 (`crypto.subtle`), present in Node 20, Chromium and Firefox.
 *
 * verifyFeed accepts a feed only when it is small enough, well formed (the document read by a flat,
 * linear scanner: no nesting, so no parse cost before the signature), signed by a trusted key,
 * and not older than the list in force; known licensed pharmacies, popular legitimate sites and
 * too broad patterns are dropped from it (entry-guard.ts), whatever the signer says.
 */
import { z } from '../zod';
import { EvidenceListEntrySchema, type EvidenceListEntry } from './bulk-input';
import { createEntryGuard, describeEntryConflict, type EntryConflict } from './entry-guard';
import type { KnownPharmacy } from './list-schema';

export const FEED_FORMAT = 'rxradar-list-feed';
export const FEED_VERSION = 1;
const ED25519 = { name: 'Ed25519' } as const;
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

export interface FeedLimits {
  /** Largest document accepted, in bytes of UTF-8. */
  maxBytes: number;
  /** Most entries accepted in one feed. */
  maxEntries: number;
}
export const DEFAULT_FEED_LIMITS: FeedLimits = { maxBytes: 8 * 1024 * 1024, maxEntries: 100_000 };

export const FeedPayloadSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
  /** Increases with every publication: an older feed never replaces a newer one. */
  sequence: z.number().check(z.int(), z.gte(0), z.lte(Number.MAX_SAFE_INTEGER)),
  published: z.iso.datetime({ offset: true }),
  entries: z.array(EvidenceListEntrySchema),
});
/** The list a feed carries. */
export type FeedList = z.infer<typeof FeedPayloadSchema>;

export interface FeedDocument {
  format: typeof FEED_FORMAT;
  version: typeof FEED_VERSION;
  payload: string;
  signature: string;
  keyId: string;
}

const KeyEntrySchema = z.object({
  id: z.string().check(z.minLength(3)),
  publicKey: z.string().check(z.refine((k) => decodePublicKey(k) !== null, 'must be a base64 raw Ed25519 public key (32 bytes)')),
  note: z.optional(z.string()),
});

/**
 * The project's keys file (src/data/feed-keys.json): the keys every install trusts, and the keys
 * the project withdrew (lost or leaked private keys), which no install trusts, whoever names them.
 */
export const FeedKeysFileSchema = z
  .object({
    keys: z.array(KeyEntrySchema).check(z.minLength(1)),
    withdrawn: z._default(z.array(z.extend(KeyEntrySchema, { withdrawn: z.iso.date(), reason: z.string().check(z.minLength(10)) })), []),
  })
  .check(z.refine((f) => !f.keys.some((k) => f.withdrawn.some((w) => w.publicKey === k.publicKey)), 'a withdrawn key cannot also be trusted'));
export type FeedKeysFile = z.infer<typeof FeedKeysFileSchema>;

/** The base64 raw public keys a keys file trusts. */
export function trustedKeysFromFile(file: unknown): string[] {
  return FeedKeysFileSchema.parse(file).keys.map((k) => k.publicKey);
}

/** The base64 raw public keys a keys file withdraws: never trusted, not even from a policy. */
export function withdrawnKeysFromFile(file: unknown): string[] {
  return FeedKeysFileSchema.parse(file).withdrawn.map((k) => k.publicKey);
}

// ---- base64 (strict and canonical: one string per byte sequence, so a signature cannot be re-spelled) ----

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Strict base64 (standard alphabet, padded, canonical); null for anything else. */
export function fromBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
  return toBase64(bytes) === s ? bytes : null;
}

/** A base64 raw Ed25519 public key → its 32 bytes, or null. */
export function decodePublicKey(key: string): Uint8Array | null {
  const bytes = fromBase64(key.trim());
  return bytes && bytes.length === PUBLIC_KEY_BYTES ? bytes : null;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

// ---- keys and signing ----

export interface FeedKeyPair {
  /** base64 raw public key: what trusted-key lists and `keyId` hold. */
  publicKey: string;
  /** The private key, PKCS#8 DER. Keep it secret. */
  privateKeyPkcs8: Uint8Array;
}

export async function generateFeedKeyPair(): Promise<FeedKeyPair> {
  const kp = (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', kp.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', kp.privateKey));
  return { publicKey: toBase64(raw), privateKeyPkcs8: pkcs8 };
}

export interface FeedSigningKey {
  privateKey: CryptoKey;
  /** base64 raw public key, derived from the private key. */
  publicKey: string;
}

/** Imports a PKCS#8 Ed25519 private key and derives its public key (so the two cannot disagree). */
export async function importFeedSigningKey(pkcs8: Uint8Array): Promise<FeedSigningKey> {
  const extractable = await crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, ED25519, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', extractable);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('not an Ed25519 private key');
  const publicKey = jwk.x.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (jwk.x.length % 4)) % 4);
  if (!decodePublicKey(publicKey)) throw new Error('not an Ed25519 private key');
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, ED25519, false, ['sign']);
  return { privateKey, publicKey };
}

/** Signs a list: validates it, serialises it as the payload, signs the payload's UTF-8 bytes. */
export async function signFeed(list: FeedList, key: FeedSigningKey): Promise<FeedDocument> {
  const checked = FeedPayloadSchema.parse(list);
  const payload = JSON.stringify({ name: checked.name, sequence: checked.sequence, published: checked.published, entries: checked.entries });
  const signature = new Uint8Array(await crypto.subtle.sign(ED25519, key.privateKey, new TextEncoder().encode(payload)));
  return { format: FEED_FORMAT, version: FEED_VERSION, payload, signature: toBase64(signature), keyId: key.publicKey };
}

/** A feed document as published: pretty enough to read, one field a line. */
export function serializeFeed(doc: FeedDocument): string {
  return `${JSON.stringify(doc, ['format', 'version', 'keyId', 'signature', 'payload'], 1)}\n`;
}

// ---- verification ----

export type FeedRejection =
  | 'oversized'
  | 'not-json'
  | 'malformed-document'
  | 'wrong-format'
  | 'wrong-version'
  | 'unsigned'
  | 'untrusted-key'
  | 'bad-signature'
  | 'malformed-payload'
  | 'stale-sequence';

export interface DroppedEntry {
  entry: string;
  /** A known pharmacy, a popular legitimate site, a too broad pattern (entry-guard.ts), or a repeat. */
  reason: EntryConflict['kind'] | 'duplicate';
  message: string;
}

export type FeedVerification =
  | {
      ok: true;
      list: FeedList;
      /** The trusted key that signed it (base64 raw). */
      keyId: string;
      /** Entries left out: known pharmacies and popular sites (never listable), too broad patterns, and repeats. */
      dropped: DroppedEntry[];
    }
  | { ok: false; reason: FeedRejection; message: string };

export interface FeedVerifyOptions extends Partial<FeedLimits> {
  /** Known licensed pharmacies (src/data/lists/known-pharmacies.json): a feed can never list them. */
  knownPharmacies?: readonly (string | KnownPharmacy)[];
  /** Popular legitimate hosts a feed can never list (default: the shipped list, entry-guard.ts). */
  popularSites?: readonly string[];
  /** Sequence of the list in force from this feed: an older feed is refused (replay, rollback). */
  currentSequence?: number | null;
}

const reject = (reason: FeedRejection, message: string): FeedVerification => ({ ok: false, reason, message });

/** Most top-level fields a feed document may have (it has five). */
const MAX_ENVELOPE_FIELDS = 32;

type EnvelopeRead = { ok: true; fields: Record<string, unknown> } | { ok: false; reason: 'not-json' | 'malformed-document'; message: string };

/**
 * Reads a feed document's top level: one JSON object whose values are strings, numbers, true,
 * false or null. Linear in the text's length and never recursive: a nested object or array is
 * refused where it starts (the format has none), and so is a repeated field (two readers could
 * take different ones). Strings are decoded by JSON.parse on their own (flat) text.
 */
export function readFeedEnvelope(text: string): EnvelopeRead {
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const notJson = (what: string): EnvelopeRead => ({ ok: false, reason: 'not-json', message: `feed is not JSON (${what} at position ${i})` });
  /** A string token starting at i (a quote): its decoded value, or null. */
  const str = (): string | null => {
    let end = i + 1;
    for (;;) {
      end = text.indexOf('"', end);
      if (end < 0) return null;
      let slashes = 0;
      while (text[end - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) break;
      end++;
    }
    try {
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      i = end + 1;
      return value;
    } catch {
      return null;
    }
  };
  const PRIMITIVE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

  ws();
  if (text[i] !== '{') {
    if (text[i] === '[' || text[i] === '"' || (i < n && PRIMITIVE.test(text.slice(i, i + 32))))
      return { ok: false, reason: 'malformed-document', message: 'feed is not a JSON object' };
    return notJson(i >= n ? 'empty' : 'unexpected character');
  }
  i++;
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let count = 0;
  ws();
  if (text[i] === '}') i++;
  else {
    for (;;) {
      ws();
      if (text[i] !== '"') return notJson('expected a field name');
      const key = str();
      if (key === null) return notJson('unterminated or invalid string');
      ws();
      if (text[i] !== ':') return notJson('expected ":"');
      i++;
      ws();
      let value: unknown;
      const c = text[i];
      if (c === '"') {
        value = str();
        if (value === null) return notJson('unterminated or invalid string');
      } else if (c === '{' || c === '[') {
        const what = c === '{' ? 'an object' : 'an array';
        const message =
          key === 'payload'
            ? '"payload" must be a string holding the list as JSON'
            : `feed document fields hold strings and numbers only; ${JSON.stringify(key.slice(0, 40))} holds ${what}`;
        return { ok: false, reason: 'malformed-document', message };
      } else {
        PRIMITIVE.lastIndex = i;
        const m = PRIMITIVE.exec(text);
        if (!m) return notJson('unexpected value');
        value = JSON.parse(m[0]);
        i += m[0].length;
      }
      if (Object.prototype.hasOwnProperty.call(fields, key))
        return { ok: false, reason: 'malformed-document', message: `field ${JSON.stringify(key.slice(0, 40))} appears more than once` };
      if (++count > MAX_ENVELOPE_FIELDS)
        return { ok: false, reason: 'malformed-document', message: `feed document has more than ${MAX_ENVELOPE_FIELDS} fields` };
      fields[key] = value;
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        break;
      }
      return notJson('expected "," or "}"');
    }
  }
  ws();
  if (i < n) return notJson('unexpected text after the document');
  return { ok: true, fields };
}

const MB = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Checks a feed document (text, or the bytes as fetched) against the trusted keys (base64 raw
 * Ed25519 public keys). Returns the list, or the first reason to refuse it. Never throws.
 */
export async function verifyFeed(document: string | Uint8Array, trustedKeys: readonly string[], opts: FeedVerifyOptions = {}): Promise<FeedVerification> {
  const limits: FeedLimits = { maxBytes: opts.maxBytes ?? DEFAULT_FEED_LIMITS.maxBytes, maxEntries: opts.maxEntries ?? DEFAULT_FEED_LIMITS.maxEntries };
  let text: string;
  if (typeof document === 'string') {
    // UTF-8 takes at least one byte per UTF-16 unit and at most three.
    const size = document.length > limits.maxBytes ? document.length : new TextEncoder().encode(document).length;
    if (size > limits.maxBytes) return reject('oversized', `feed is ${MB(size)}; the limit is ${MB(limits.maxBytes)}`);
    text = document;
  } else {
    if (document.length > limits.maxBytes) return reject('oversized', `feed is ${MB(document.length)}; the limit is ${MB(limits.maxBytes)}`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(document);
    } catch {
      return reject('not-json', 'feed is not UTF-8 text');
    }
  }

  // The document is read by a flat, linear scanner, not JSON.parse: it holds only strings and
  // numbers, so a nested (or deeply nested) value is refused where it starts, before anything is
  // built from it, and the signature is checked before the payload is parsed.
  const envelope = readFeedEnvelope(text);
  if (!envelope.ok) return reject(envelope.reason, envelope.message);
  const d = envelope.fields;
  if (d.format !== FEED_FORMAT) {
    return reject(
      'wrong-format',
      d.format === undefined ? `no "format": not an RxRadar list feed` : `format is ${JSON.stringify(d.format)?.slice(0, 80)}, expected "${FEED_FORMAT}"`,
    );
  }
  if (d.version !== FEED_VERSION)
    return reject('wrong-version', `feed version ${JSON.stringify(d.version)?.slice(0, 40)}; this RxRadar reads version ${FEED_VERSION}`);
  if (typeof d.payload !== 'string') return reject('malformed-document', '"payload" must be a string holding the list as JSON');
  if (d.signature === undefined || d.signature === null || d.signature === '') return reject('unsigned', 'feed has no signature');
  if (d.keyId === undefined || d.keyId === null || d.keyId === '') return reject('unsigned', 'feed names no signing key (keyId)');
  if (typeof d.signature !== 'string') return reject('bad-signature', '"signature" must be a base64 string');
  if (typeof d.keyId !== 'string') return reject('untrusted-key', '"keyId" must be a base64 raw Ed25519 public key');

  const keyBytes = decodePublicKey(d.keyId);
  if (!keyBytes) return reject('untrusted-key', 'keyId is not a base64 raw Ed25519 public key (32 bytes)');
  const trusted = trustedKeys.map((k) => ({ key: k, bytes: decodePublicKey(k) })).find((k) => k.bytes && bytesEqual(k.bytes, keyBytes));
  if (!trusted) return reject('untrusted-key', `feed is signed by key ${d.keyId}, which is not trusted`);

  const signature = fromBase64(d.signature);
  if (!signature || signature.length !== SIGNATURE_BYTES) return reject('bad-signature', 'signature is not a base64 Ed25519 signature (64 bytes)');
  let valid: boolean;
  try {
    const key = await crypto.subtle.importKey('raw', trusted.bytes as BufferSource, ED25519, false, ['verify']);
    valid = await crypto.subtle.verify(ED25519, key, signature as BufferSource, new TextEncoder().encode(d.payload));
  } catch (err) {
    return reject('bad-signature', `signature could not be checked (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!valid) return reject('bad-signature', 'signature does not match the payload: the feed was changed or signed with another key');

  // Signed by a trusted key from here on; still checked as strictly as any input.
  let raw: unknown;
  try {
    raw = JSON.parse(d.payload);
  } catch (err) {
    return reject('malformed-payload', `payload is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const count = (raw as { entries?: unknown } | null)?.entries;
  if (Array.isArray(count) && count.length > limits.maxEntries) {
    return reject('oversized', `feed has ${count.length.toLocaleString('en')} entries; the limit is ${limits.maxEntries.toLocaleString('en')}`);
  }
  const parsed = FeedPayloadSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return reject('malformed-payload', `${issues.join('; ')}${more}`);
  }
  const list = parsed.data;
  if (opts.currentSequence !== undefined && opts.currentSequence !== null && list.sequence < opts.currentSequence) {
    return reject('stale-sequence', `feed sequence ${list.sequence} is older than the list in force (${opts.currentSequence})`);
  }

  const guard = createEntryGuard({ knownPharmacies: opts.knownPharmacies ?? [], ...(opts.popularSites ? { popularSites: opts.popularSites } : {}) });
  const seen = new Set<string>();
  const dropped: DroppedEntry[] = [];
  const entries: EvidenceListEntry[] = [];
  for (const e of list.entries) {
    const conflict = guard(e.entry);
    if (conflict) dropped.push({ entry: e.entry, reason: conflict.kind, message: describeEntryConflict(e.entry, conflict) });
    else if (seen.has(e.entry)) dropped.push({ entry: e.entry, reason: 'duplicate', message: `${e.entry} is listed more than once; the first is kept` });
    else {
      seen.add(e.entry);
      entries.push(e);
    }
  }
  return { ok: true, list: { ...list, entries }, keyId: d.keyId, dropped };
}
