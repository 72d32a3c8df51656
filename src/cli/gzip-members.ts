/**
 * The gzip members of a WARC.gz, each decompressed in one call to Node's native zlib, with the
 * compressed offset where it starts (what CDX indexes and `rxradar scan` output name). A WARC.gz
 * holds one record per member, so a member is a record's bytes: warcio parses them as plain WARC.
 *
 * warcio's own gzip reading (pako, in JavaScript, chunk by chunk through async iterators) cost
 * about 0.13 ms of CPU per corpus page; this costs about 0.02.
 *
 * Only whole, well-formed members are taken, within bounded memory. At the first member that is
 * not (a gzip header or deflate data this reader refuses, a checksum that does not match, a member
 * over MAX_MEMBER_COMPRESSED bytes, or decompressing to over MAX_MEMBER_INFLATED, a file cut short)
 * the members stop, and `stoppedAt` and `rest()` hand the input from that member on to the caller
 * (warcio's streaming reader, as before), which reads or reports it.
 */
import { constants, crc32, inflateRawSync } from 'node:zlib';
import { MAX_PAGE_BYTES } from './scan-batch';

/** A member's deflate data over this many bytes is left to the caller (a whole-file gzip, say). */
export const MAX_MEMBER_COMPRESSED = 8 * 1024 * 1024;
/** A member decompressing to more is left to the caller: a page record at the page limit fits. */
export const MAX_MEMBER_INFLATED = MAX_PAGE_BYTES + 1024 * 1024;

/** One member, decompressed. */
export interface Member {
  /** Offset of the member's first byte in the input. */
  offset: number;
  data: Buffer;
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Length of the gzip member header at the start of `b`; 0 when more bytes are needed; -1 when it is not one. */
export function gzipHeaderLength(b: Buffer): number {
  if (b.length < 10) return b.length > 0 && b[0] !== 0x1f ? -1 : 0;
  if (b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8 || (b[3]! & 0xe0) !== 0) return -1;
  const flags = b[3]!;
  let at = 10;
  if (flags & FEXTRA) {
    if (b.length < at + 2) return 0;
    at += 2 + b.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const zero = b.indexOf(0, at);
    if (zero < 0) return 0;
    at = zero + 1;
  }
  if (flags & FHCRC) at += 2;
  return at <= b.length ? at : 0;
}

const asBuffer = (u: Uint8Array) => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

export class GzipMembers {
  /** Where the members this reader left to the caller start (null: it read the whole input). */
  stoppedAt: number | null = null;
  /** Input bytes not yet taken, from `offset` on. */
  private buf: Buffer;
  private offset = 0;
  private ended = false;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {
    this.buf = Buffer.alloc(0);
  }

  /** Reads one more chunk of input into the buffer; false at the end of the input. */
  private async more(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.source.next();
    if (r.done) {
      this.ended = true;
      return false;
    }
    const chunk = asBuffer(r.value);
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }

  /** Reads more input, up to the limit of one member; false when there is no more to read. */
  private async grow(): Promise<boolean> {
    return this.buf.length <= MAX_MEMBER_COMPRESSED && (await this.more());
  }

  /** The members, in input order (empty ones left out); ends at the end of the input or at the first member left to the caller. */
  async *members(): AsyncGenerator<Member> {
    for (;;) {
      if (this.buf.length === 0 && !(await this.more())) return;
      const header = gzipHeaderLength(this.buf);
      if (header === 0) {
        if (await this.grow()) continue;
        return this.stop();
      }
      if (header < 0) return this.stop();
      let inflated: Buffer;
      let used: number;
      try {
        // A sync flush: a member cut short by the end of the buffer gives what it has, not an error.
        const r = inflateRawSync(this.buf.subarray(header), {
          info: true,
          finishFlush: constants.Z_SYNC_FLUSH,
          maxOutputLength: MAX_MEMBER_INFLATED,
        }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
        inflated = r.buffer;
        used = r.engine.bytesWritten;
      } catch {
        return this.stop(); // bad deflate data, or too large once inflated
      }
      const end = header + used + 8;
      if (end > this.buf.length) {
        // Not all there yet: try again with at least twice the bytes (each member is inflated about once).
        const want = this.buf.length * 2;
        let grew = false;
        while (this.buf.length < want && (await this.grow())) grew = true;
        if (grew) continue;
        return this.stop();
      }
      if (this.buf.readUInt32LE(end - 8) !== crc32(inflated) || this.buf.readUInt32LE(end - 4) !== inflated.length % 2 ** 32) return this.stop();
      const offset = this.offset;
      this.buf = this.buf.subarray(end);
      this.offset += end;
      if (inflated.length > 0) yield { offset, data: inflated };
    }
  }

  private stop(): void {
    this.stoppedAt = this.offset;
  }

  /** The input from `stoppedAt` on, once members() has ended. */
  async *rest(): AsyncGenerator<Uint8Array> {
    if (this.buf.length > 0) yield this.buf;
    this.buf = Buffer.alloc(0);
    if (this.ended) return;
    for (let r = await this.source.next(); !r.done; r = await this.source.next()) yield r.value;
  }
}
