/**
 * Draws RxRadar's icon (a white capsule on a dark-red disc with a radar ring) as PNGs at the
 * sizes browsers ask for, with no image library: pixels computed here, encoded with node:zlib.
 * Run: npx tsx scripts/make-icons.ts (writes public/icons/icon-*.png; the PNGs are committed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Coverage of a pixel by a shape, 4x4 supersampled for smooth edges. */
function coverage(x: number, y: number, inside: (u: number, v: number) => boolean, size: number): number {
  let n = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) n++;
  return n / 16;
}

const disc = (u: number, v: number) => (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.48 ** 2;
const ring = (u: number, v: number) => {
  const d = Math.hypot(u - 0.5, v - 0.5);
  return d >= 0.36 && d <= 0.4;
};
/** A capsule along the diagonal. */
const capsule = (u: number, v: number) => {
  const cx = u - 0.5;
  const cy = v - 0.5;
  const a = (cx + cy) / Math.SQRT2; // along
  const b = (cx - cy) / Math.SQRT2; // across
  const half = 0.2;
  const r = 0.1;
  const da = Math.max(Math.abs(a) - half, 0);
  return da * da + b * b <= r * r;
};

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 96, 128]) {
  const data = png(size, (x, y) => {
    const d = coverage(x, y, disc, size);
    if (d === 0) return [0, 0, 0, 0];
    const white = Math.max(coverage(x, y, capsule, size), size >= 32 ? coverage(x, y, ring, size) * 0.55 : 0);
    const r = Math.round(179 * (1 - white) + 255 * white);
    const g = Math.round(38 * (1 - white) + 255 * white);
    const b = Math.round(30 * (1 - white) + 255 * white);
    return [r, g, b, Math.round(255 * d)];
  });
  writeFileSync(`public/icons/icon-${size}.png`, data);
}
console.log('icons written');
