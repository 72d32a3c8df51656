import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipMembers, gzipHeaderLength, MAX_MEMBER_INFLATED } from './gzip-members';

/** The input in chunks of `size` bytes, as a stream delivers it. */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield new Uint8Array(bytes.subarray(at, at + size)); // copies: not Buffers
}

async function readAll(input: Buffer, chunkSize: number) {
  const members = new GzipMembers(chunked(input, chunkSize));
  const out: Array<{ offset: number; text: string }> = [];
  for await (const m of members.members()) out.push({ offset: m.offset, text: m.data.toString('latin1') });
  const rest: Buffer[] = [];
  for await (const c of members.rest()) rest.push(Buffer.from(c));
  return { out, stoppedAt: members.stoppedAt, rest: Buffer.concat(rest) };
}

/** A gzip member with every optional header field (FEXTRA, FNAME, FCOMMENT, FHCRC). */
function withHeaderFields(text: string): Buffer {
  const plain = gzipSync(text);
  const extra = Buffer.from([4, 0, 1, 2, 3, 4]);
  const header = Buffer.concat([plain.subarray(0, 10), extra, Buffer.from('page.warc\0a comment\0'), Buffer.from([0xaa, 0xbb])]);
  header[3] = 2 | 4 | 8 | 16;
  return Buffer.concat([header, plain.subarray(10)]);
}

const members = ['WARC/1.1\r\none\r\n\r\n', 'WARC/1.1\r\ntwo'.repeat(500), 'three'];

describe('GzipMembers', () => {
  it('each member decompressed, with the offset where it starts, whatever the chunk size', async () => {
    const parts = [gzipSync(members[0]!), withHeaderFields(members[1]!), gzipSync(''), gzipSync(members[2]!)];
    const input = Buffer.concat(parts);
    const offsets = [0, parts[0]!.length, parts[0]!.length + parts[1]!.length + parts[2]!.length];
    for (const size of [1, 7, 100, 1 << 20]) {
      const r = await readAll(input, size);
      expect(r.out).toEqual(members.map((text, i) => ({ offset: offsets[i], text })));
      expect(r.stoppedAt).toBeNull();
      expect(r.rest.length).toBe(0);
    }
  });

  it('a member cut short: the members before it, then the rest of the input from where it starts', async () => {
    const a = gzipSync(members[0]!);
    const b = gzipSync(members[1]!);
    const input = Buffer.concat([a, b.subarray(0, b.length - 3)]);
    for (const size of [5, 1 << 20]) {
      const r = await readAll(input, size);
      expect(r.out.map((m) => m.text)).toEqual([members[0]]);
      expect(r.stoppedAt).toBe(a.length);
      expect(r.rest.equals(input.subarray(a.length))).toBe(true);
    }
  });

  it('stops at a checksum that does not match, at data that is not gzip, and at bad deflate data', async () => {
    const a = gzipSync(members[0]!);
    const badCrc = gzipSync(members[2]!);
    badCrc[badCrc.length - 8]! ^= 1;
    const badData = gzipSync(members[1]!);
    badData.fill(0xff, 10, 20);
    for (const bad of [badCrc, Buffer.from('WARC/1.1\r\n'), badData]) {
      const input = Buffer.concat([a, bad, a]);
      const r = await readAll(input, 64);
      expect(r.out.map((m) => m.offset)).toEqual([0]);
      expect(r.stoppedAt).toBe(a.length);
      expect(r.rest.equals(input.subarray(a.length))).toBe(true);
    }
  });

  it('leaves a member that decompresses to over MAX_MEMBER_INFLATED bytes to the caller', async () => {
    const a = gzipSync(members[0]!);
    const huge = gzipSync(Buffer.alloc(MAX_MEMBER_INFLATED + 1, 0x20));
    const r = await readAll(Buffer.concat([a, huge, a]), 1 << 16);
    expect(r.out.map((m) => m.offset)).toEqual([0]);
    expect(r.stoppedAt).toBe(a.length);
    expect(r.rest.length).toBe(huge.length + a.length);
  });

  it('gzipHeaderLength: the header with its optional fields; 0 until it is all there; -1 when not gzip', () => {
    const m = withHeaderFields('x');
    const length = 10 + 6 + 'page.warc\0a comment\0'.length + 2;
    expect(gzipHeaderLength(m)).toBe(length);
    for (const cut of [0, 3, 9, 11, 17, 30, length - 1]) expect(gzipHeaderLength(m.subarray(0, cut))).toBe(0);
    expect(gzipHeaderLength(Buffer.from('WARC/1.1\r\n'))).toBe(-1);
    expect(gzipHeaderLength(Buffer.from([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 0]))).toBe(-1); // not deflate
  });
});
