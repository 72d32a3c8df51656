import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMUNITY_LIST_PATH } from '../../data/load-community-list-node';
import { parseHostsFile } from '../lists/community-list';
import { DomainSet } from './domain-set';
import { PackedHostTable } from './packed-host-table';

describe('PackedHostTable', () => {
  const table = PackedHostTable.fromBytes(PackedHostTable.pack(['bad.com', 'evil.co.uk', 'x.y.example.org', 'bad.com']));

  it('matches a listed host and its subdomains on label boundaries only', () => {
    expect(table.size).toBe(3);
    expect(table.matchSuffix('bad.com')).toBe('bad.com');
    expect(table.matchSuffix('shop.bad.com')).toBe('bad.com');
    expect(table.matchSuffix('notbad.com')).toBeNull();
    expect(table.matchSuffix('bad.com.evil.org')).toBeNull();
    expect(table.matchSuffix('a.evil.co.uk')).toBe('evil.co.uk');
    expect(table.matchSuffix('y.example.org')).toBeNull();
    expect(table.matchSuffix('w.x.y.example.org')).toBe('x.y.example.org');
    expect(table.matchSuffix('')).toBeNull();
  });

  it('refuses bytes that are not a packed table', () => {
    const good = PackedHostTable.pack(['a.com', 'b.com']);
    expect(() => PackedHostTable.fromBytes(new Uint8Array(7))).toThrow(/length/);
    const wrongMagic = good.slice();
    wrongMagic[0] = wrongMagic[0]! ^ 1;
    expect(() => PackedHostTable.fromBytes(wrongMagic)).toThrow(/not a packed/);
    expect(() => PackedHostTable.fromBytes(good.slice(0, good.length - 4))).toThrow(/count/);
    const unsorted = good.slice();
    unsorted.set(good.subarray(12, 20), 20);
    unsorted.set(good.subarray(20, 28), 12);
    expect(() => PackedHostTable.fromBytes(unsorted)).toThrow(/sorted/);
  });

  it('reads a table from an unaligned view (a file slice) the same way', () => {
    const bytes = PackedHostTable.pack(['bad.com']);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(PackedHostTable.fromBytes(shifted.subarray(1)).matchSuffix('a.bad.com')).toBe('bad.com');
  });

  it('gives the same answers as the DomainSet built from the bundled community list', () => {
    const hosts = parseHostsFile(readFileSync(COMMUNITY_LIST_PATH, 'utf8')).hosts;
    const packed = PackedHostTable.fromBytes(PackedHostTable.pack(hosts));
    const set = DomainSet.from(hosts);
    expect(packed.size).toBe(set.size);
    const probes = hosts.flatMap((h, i) => (i % 7 === 0 ? [h, `www.${h}`, `x${h}`, h.slice(h.indexOf('.') + 1)] : [h]));
    for (const probe of probes) expect(packed.matchSuffix(probe)).toBe(set.matchWithHost(probe)?.matched ?? null);
  });
});
