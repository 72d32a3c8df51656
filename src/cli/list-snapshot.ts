/**
 * The bundled lists, validated (zod) and normalised: what `rxradar check` looks addresses up in.
 * The compiled CLI reads a copy written at build time (scripts/build-cli.mjs), so it neither loads
 * zod nor parses the 19k-host community list on every run; from source it is built here.
 */
import type { CommunityList } from '../core/lists/community-list';
import { type KnownPharmacy, KnownPharmacyFileSchema, type ListFile, ListFileSchema } from '../core/lists/list-schema';
import { bundledData } from '../data/bundled-data';
import { loadCommunityListNode } from '../data/load-community-list-node';

export interface ListSnapshot {
  authority: ListFile;
  knownPharmacies: KnownPharmacy[];
  community: CommunityList;
}

export function buildListSnapshot(): ListSnapshot {
  return {
    authority: ListFileSchema.parse(bundledData.authority),
    knownPharmacies: KnownPharmacyFileSchema.parse(bundledData.knownPharmacies).pharmacies,
    community: loadCommunityListNode(),
  };
}
