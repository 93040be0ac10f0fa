#!/usr/bin/env node
/**
 * Draws the application icon (a white service window with four panes on a blue rounded
 * square) and writes build/icons/{16..512}x{..}.png and icon.ico, with Node only: PNG is
 * zlib-compressed rows plus CRCs, ICO a directory of PNG images. Run again after changing
 * the drawing; the files are committed so packaging needs nothing else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = join(dirname(fileURLToPath(import.meta.url)), 'icons');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Colour of the unit-square point (u, v): [r, g, b, a] or null for transparent. */
function shade(u, v) {
  const r = 0.18; // corner radius of the background
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return null;
  const inRect = (x0, y0, x1, y1) => u >= x0 && u <= x1 && v >= y0 && v <= y1;
  // the window: frame 0.2..0.8, bars 0.055 thick, a sill below
  const frame = inRect(0.2, 0.2, 0.8, 0.74);
  const pane = inRect(0.255, 0.255, 0.745, 0.685);
  const mullion = inRect(0.4725, 0.2, 0.5275, 0.74) || inRect(0.2, 0.4425, 0.8, 0.4975);
  const sill = inRect(0.15, 0.77, 0.85, 0.82);
  if ((frame && (!pane || mullion)) || sill) return [255, 255, 255, 255];
  if (pane) return [214, 233, 255, 255];
  // a soft top-to-bottom gradient on the blue
  const t = v;
  return [Math.round(30 + 10 * t), Math.round(110 - 30 * t), Math.round(200 - 40 * t), 255];
}

function draw(size) {
  const ss = 4; // supersampling for smooth edges
  const buf = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
          if (!c) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (y * size + x) * 4;
      buf[i] = a ? Math.round(r / a) : 0;
      buf[i + 1] = a ? Math.round(g / a) : 0;
      buf[i + 2] = a ? Math.round(b / a) : 0;
      buf[i + 3] = Math.round(a / (ss * ss));
    }
  }
  return png(size, buf);
}

function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, data }, i) => {
    const e = i * 16;
    dir[e] = size >= 256 ? 0 : size; // 0 means 256
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(data.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.data)]);
}

mkdirSync(out, { recursive: true });
const sizes = [16, 24, 32, 48, 64, 128, 256, 512];
const images = sizes.map((size) => ({ size, data: draw(size) }));
for (const { size, data } of images) writeFileSync(join(out, `${size}x${size}.png`), data);
writeFileSync(join(out, 'icon.png'), images.find((i) => i.size === 512).data);
writeFileSync(join(out, 'icon.ico'), ico(images.filter((i) => [16, 24, 32, 48, 64, 128, 256].includes(i.size))));
console.log(`icons written to ${out}`);
