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

/** drugNames as a set with the range of their lengths, built once per list (a page costs one lookup per substring, not one scan per name). */
const NAME_INDEX = new WeakMap<readonly string[], { names: ReadonlySet<string>; min: number; max: number }>();

/** Some name of `names` occurs in `label` (what names.some((n) => label.includes(n)) answers). */
export function containsAnyName(label: string, names: readonly string[]): boolean {
  let index = NAME_INDEX.get(names);
  if (index === undefined) {
    let min = Infinity;
    let max = 0;
    for (const n of names) {
      min = Math.min(min, n.length);
      max = Math.max(max, n.length);
    }
    index = { names: new Set(names), min: Math.max(min, 1), max };
    NAME_INDEX.set(names, index);
  }
  const { names: set, min, max } = index;
  if (set.has('')) return true;
  for (let start = 0; start + min <= label.length; start++) {
    const longest = Math.min(max, label.length - start);
    for (let len = min; len <= longest; len++) if (set.has(label.slice(start, start + len))) return true;
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
