// npm run icons: draws the app icon (resources/icon.svg) into the files installers and the window
// need: PNGs from 16 to 1024 px, a Windows .ico and a macOS .icns. The results are committed, so
// packaging needs nothing but electron-builder; run this again only after changing the drawing.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const DIR = path.resolve('resources');
const SVG = fs.readFileSync(path.join(DIR, 'icon.svg'));
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

async function png(size: number): Promise<Buffer> {
  return sharp(SVG, { density: Math.max(72, (72 * size) / 256) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** A Windows icon holding PNG images (readable since Windows Vista): a directory, then the images. */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

/** A macOS icon: "icns", the total length, then one chunk (type, length, PNG) per size. */
function icns(images: { type: string; data: Buffer }[]): Buffer {
  const chunks = images.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

async function main() {
  const pngs = new Map<number, Buffer>();
  for (const size of SIZES) pngs.set(size, await png(size));
  fs.mkdirSync(path.join(DIR, 'icons'), { recursive: true });
  for (const [size, data] of pngs) fs.writeFileSync(path.join(DIR, 'icons', `${size}x${size}.png`), data);
  // electron-builder finds icon.png, icon.ico and icon.icns in the build resources folder.
  fs.writeFileSync(path.join(DIR, 'icon.png'), pngs.get(1024)!);
  fs.writeFileSync(
    path.join(DIR, 'icon.ico'),
    ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: pngs.get(size)! }))),
  );
  fs.writeFileSync(
    path.join(DIR, 'icon.icns'),
    icns([
      { type: 'icp4', data: pngs.get(16)! },
      { type: 'icp5', data: pngs.get(32)! },
      { type: 'icp6', data: pngs.get(64)! },
      { type: 'ic07', data: pngs.get(128)! },
      { type: 'ic08', data: pngs.get(256)! },
      { type: 'ic09', data: pngs.get(512)! },
      { type: 'ic10', data: pngs.get(1024)! },
    ]),
  );
  console.log(`Icons written to ${DIR}`);
}

void main();
