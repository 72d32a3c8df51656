/**
 * The checks every CLI path that adds list entries shares (`list add`, `list publish`, `list
 * validate`, `reports accept`): one guard (known pharmacies, popular sites, too broad patterns;
 * src/core/lists/entry-guard.ts) and one coverage lookup (the target list file, with its
 * patterns, then the bundled authority list, with its patterns). Built by one function, so the
 * commands cannot drift apart (src/cli/commands/entry-checks.test.ts holds them to one table).
 */
import { type EntryChecks, type ListedLookup, combineLookups, lookupFromEntries } from '../../core/lists/bulk-input';
import { createEntryGuard } from '../../core/lists/entry-guard';
import { type KnownPharmacy, KnownPharmacyFileSchema, ListFileSchema } from '../../core/lists/list-schema';
import authorityJson from '../../data/lists/authority.json';
import knownJson from '../../data/lists/known-pharmacies.json';

/** The bundled known licensed pharmacies. */
export const BUNDLED_KNOWN: readonly KnownPharmacy[] = KnownPharmacyFileSchema.parse(knownJson).pharmacies;

let bundledLookup: ListedLookup | undefined;
/**
 * The bundled authority list: a domain it holds, or under one, or matched by one of its patterns,
 * and the same pattern (not the community list: listing a community host with a source is an upgrade).
 */
export function bundledAuthorityLookup(): ListedLookup {
  bundledLookup ??= lookupFromEntries(
    ListFileSchema.parse(authorityJson).entries.map((e) => e.entry),
    'authority',
  );
  return bundledLookup;
}

export interface EntryChecksOptions {
  /** Entries of the list file written to, and its name for messages. */
  listEntries?: readonly string[];
  listLabel?: string;
  /** Default: the bundled known pharmacies. */
  knownPharmacies?: readonly (string | KnownPharmacy)[];
  /** Default: the shipped popular sites. */
  popularSites?: readonly string[];
  /** Entries already listed elsewhere (default: the bundled authority list); null: none. */
  alreadyListed?: ListedLookup | null;
}

/** The guard and the coverage lookup for adding entries to one list file. */
export function entryChecks(o: EntryChecksOptions = {}): EntryChecks {
  const guard = createEntryGuard({ knownPharmacies: o.knownPharmacies ?? BUNDLED_KNOWN, ...(o.popularSites ? { popularSites: o.popularSites } : {}) });
  const lookups: ListedLookup[] = [];
  if (o.listEntries) lookups.push(lookupFromEntries(o.listEntries, o.listLabel ?? 'list'));
  const elsewhere = o.alreadyListed === undefined ? bundledAuthorityLookup() : o.alreadyListed;
  if (elsewhere) lookups.push(elsewhere);
  return { guard, listed: combineLookups(...lookups) };
}
