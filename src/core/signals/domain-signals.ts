/**
 * Signals from the web address alone: a drug name or "no prescription" in the domain
 * (yellowxanaxbarsforsale.com, buyadderallpill.com), a look-alike of a well-known pharmacy
 * (walgreens-rx-online.com), and the NABP-gated .pharmacy suffix.
 */
import type { NormalizedHost } from '../domain/normalize-host';
import type { Lexicon } from '../lexicon/lexicon-schema';
import type { SignalId } from './signal-catalog';

export interface DomainSignal {
  id: SignalId;
  evidence: string;
  /** How strongly it fired: 1, or more for a drug name and a no-prescription word together. */
  activation: number;
}

/** A domain with a drug name and a no-prescription word (buyxanaxnoprescription.com) counts this much more than either. */
export const DRUG_AND_NO_RX_DOMAIN = 1.75;

/** Brand labels of well-known pharmacies that rogue sites imitate (long enough not to occur by chance). */
const PHARMACY_BRANDS = [
  'walgreens',
  'caremark',
  'expressscripts',
  'optumrx',
  'goodrx',
  'costplusdrugs',
  'healthwarehouse',
  'pharmeasy',
  'netmeds',
  'apollopharmacy',
  'shoppersdrugmart',
  'lloydspharmacy',
  'chemistwarehouse',
  'docmorris',
  'superdrug',
  'pharmacy2u',
  'riteaid',
  'walmartpharmacy',
  'cvspharmacy',
];

const NO_RX_IN_NAME = /(no|without|sin)-?(prescription|presc|rx|script|receta)|(prescription|rx)-?free|norx/;
const MIN_NAME_IN_DOMAIN = 5;

/** Drug names as they can appear inside a domain label (no spaces or hyphens), 5 letters or more. Built once per engine. */
export function drugNamesForDomains(lexicon: Lexicon): string[] {
  const names = new Set<string>();
  for (const d of lexicon.drugs.drugs) {
    for (const n of [...d.names, ...d.street, ...d.misspellings]) {
      const compact = n.replace(/[^a-z0-9]/g, '');
      if (compact.length >= MIN_NAME_IN_DOMAIN) names.add(compact);
    }
  }
  return [...names];
}

export function domainSignals(host: NormalizedHost, drugNames: readonly string[]): DomainSignal[] {
  const out: DomainSignal[] = [];
  if (host.suffix === 'pharmacy') out.push({ id: 'dot-pharmacy', evidence: host.domain ?? host.host, activation: 1 });
  const label = host.domainLabel;
  if (!label || host.isIp) return out;
  const compact = label.replace(/-/g, '');
  const noRx = NO_RX_IN_NAME.test(label);
  const drug = containsAnyName(compact, drugNames);
  if (drug || noRx) {
    out.push({ id: 'suspicious-domain', evidence: host.domain ?? host.host, activation: drug && noRx ? DRUG_AND_NO_RX_DOMAIN : 1 });
  } else {
    const brand = PHARMACY_BRANDS.find((b) => compact !== b && (compact.includes(b) || editDistanceAtMostOne(compact, b)));
    if (brand) out.push({ id: 'suspicious-domain', evidence: `${host.domain ?? host.host} (looks like ${brand})`, activation: 1 });
  }
  return out;
}

/** A trie of names by UTF-16 code unit: `end` marks where a name ends. */
interface NameTrie {
  next: Map<number, NameTrie>;
  end: boolean;
}

/** drugNames as a trie, built once per list: a page walks it from each position of its label, no substring made. */
const NAME_TRIES = new WeakMap<readonly string[], NameTrie>();

function nameTrie(names: readonly string[]): NameTrie {
  let root = NAME_TRIES.get(names);
  if (root === undefined) {
    root = { next: new Map(), end: false };
    for (const name of names) {
      let node = root;
      for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        let child = node.next.get(c);
        if (child === undefined) {
          child = { next: new Map(), end: false };
          node.next.set(c, child);
        }
        node = child;
      }
      node.end = true;
    }
    NAME_TRIES.set(names, root);
  }
  return root;
}

/** Some name of `names` occurs in `label` (what names.some((n) => label.includes(n)) answers). */
export function containsAnyName(label: string, names: readonly string[]): boolean {
  const root = nameTrie(names);
  if (root.end) return true; // an empty name occurs everywhere
  for (let start = 0; start < label.length; start++) {
    let node: NameTrie | undefined = root;
    for (let i = start; i < label.length; i++) {
      node = node.next.get(label.charCodeAt(i));
      if (node === undefined) break;
      if (node.end) return true;
    }
  }
  return false;
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
