import type { PackedHostTable } from '../domain/packed-host-table';
import { domainEntryProblem } from './list-schema';

/** Where a community list comes from: shown with every match. */
export interface CommunityListSource {
  name: string;
  source: string;
  sourceUrl: string;
  /** Date the list was last changed upstream (YYYY-MM-DD). */
  date: string;
}

/** A community-maintained host list: lower confidence, one shared source for all its hosts. */
export interface CommunityList extends CommunityListSource {
  hosts: string[];
}

/**
 * The same list in the form matching uses, packed at build time (see PackedHostTable): what the
 * extension loads, so waking its worker neither parses the list's text nor builds a table.
 */
export interface PackedCommunityList extends CommunityListSource {
  table: PackedHostTable;
}

export interface ParsedHostsFile {
  hosts: string[];
  /** Lines that were not a usable host, with their line numbers (1-based). */
  rejected: Array<{ line: number; text: string; problem: string }>;
}

/**
 * Parses a hosts-format list (`0.0.0.0 example.com`, `#` comments) or a plain one-domain-per-line
 * list. Hosts are lower-cased, de-duplicated, and stripped of a trailing dot and of leading `www.`
 * labels (an entry matches every subdomain, so `www.x.com` is stored as `x.com`).
 */
export function parseHostsFile(text: string): ParsedHostsFile {
  const hosts: string[] = [];
  const seen = new Set<string>();
  const rejected: ParsedHostsFile['rejected'] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*/, '').trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    const raw = (parts.length > 1 && /^(0\.0\.0\.0|127\.0\.0\.1|::1?)$/.test(parts[0]!) ? parts[1]! : parts[0]!).toLowerCase().replace(/\.$/, '');
    const host = raw.replace(/^(?:www\.)+/, ''); // `www.www.x.com` occurs upstream too
    const problem = domainEntryProblem(host);
    if (problem) {
      rejected.push({ line: i + 1, text: lines[i]!, problem });
      continue;
    }
    if (!seen.has(host)) {
      seen.add(host);
      hosts.push(host);
    }
  }
  return { hosts, rejected };
}
