/**
 * `rxradar check`: list look-ups for addresses. Needs only the lists and the URL verdict, not the
 * lexicon that page analysis compiles (most of the engine's start-up time).
 */
import { readFileSync } from 'node:fs';
import { verdictForUrl } from '../core/list-verdict';
import { normalizeHost } from '../core/domain/normalize-host';
import type { Engine } from '../core/engine';
import { ListIndex } from '../core/lists/list-index';
import type { KnownPharmacy } from '../core/lists/list-schema';
import type { ListMatch, Verdict } from '../core/verdict';
import { InputError, quote } from './cli-io';
import type { ListSnapshot } from './list-snapshot';

/** Written by scripts/build-cli.mjs beside the compiled CLI; absent when running from source. */
const SNAPSHOT = new URL('./lists/check-lists.json', import.meta.url);

async function loadSnapshot(): Promise<ListSnapshot> {
  try {
    return JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as ListSnapshot;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const { buildListSnapshot } = await import('./list-snapshot');
    return buildListSnapshot();
  }
}

export async function createListChecker(community: boolean): Promise<Pick<Engine, 'checkUrl' | 'lists'>> {
  const snapshot = await loadSnapshot();
  const lists = new ListIndex({ authority: snapshot.authority, knownPharmacies: snapshot.knownPharmacies, community: community ? snapshot.community : null });
  return { checkUrl: (url) => verdictForUrl(url, lists), lists };
}

export interface CheckRecord {
  input: string;
  host: string;
  level: Verdict['level'];
  /** The strongest list entry that matched, with its source. */
  listMatch?: ListMatch;
  /** The known licensed pharmacy the host belongs to. */
  knownPharmacy?: KnownPharmacy;
}

/** List lookups for one address or domain; throws InputError when it has no usable host. */
export function checkTarget(engine: Pick<Engine, 'checkUrl' | 'lists'>, input: string): CheckRecord {
  const host = normalizeHost(input);
  if (!host) throw new InputError(`${quote(input)}: not a URL or domain`);
  const verdict = engine.checkUrl(input.trim());
  const { knownPharmacy } = engine.lists.lookup(host);
  const out: CheckRecord = { input, host: host.host, level: verdict.level };
  if (verdict.listMatch) out.listMatch = verdict.listMatch;
  if (knownPharmacy) out.knownPharmacy = knownPharmacy;
  return out;
}
