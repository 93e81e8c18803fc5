import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';

const DIR = path.resolve(__dirname, '../../resources');

describe('the app icon in the sizes installers need', () => {
  it('has square PNGs from 16 to 1024 px for Linux and the window', async () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const meta = await sharp(path.join(DIR, 'icons', `${size}x${size}.png`)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', size, size]);
    }
    expect((await sharp(path.join(DIR, 'icon.png')).metadata()).width).toBe(1024);
  });

  it('has a Windows .ico whose directory points at real PNG images, 256 px among them', async () => {
    const ico = fs.readFileSync(path.join(DIR, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i;
      const [length, offset] = [ico.readUInt32LE(e + 8), ico.readUInt32LE(e + 12)];
      const meta = await sharp(ico.subarray(offset, offset + length)).metadata();
      expect(meta.width).toBe(ico.readUInt8(e) || 256);
      sizes.push(meta.width);
    }
    expect(sizes).toContain(256);
  });

  it('has a macOS .icns whose chunks add up to its length, up to 1024 px', async () => {
    const icns = fs.readFileSync(path.join(DIR, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.push(icns.toString('ascii', at, at + 4));
      const meta = await sharp(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4))).metadata();
      expect(meta.format).toBe('png');
    }
    expect(types).toEqual(['icp4', 'icp5', 'icp6', 'ic07', 'ic08', 'ic09', 'ic10']);
  });

  it('is what electron-builder packages, and the window’s icon travels with the app', () => {
    expect(pkg.build.directories.buildResources).toBe('resources');
    expect(pkg.build.win.icon).toBe('resources/icon.ico');
    expect(pkg.build.mac.icon).toBe('resources/icon.icns');
    expect(pkg.build.linux.icon).toBe('resources/icons');
    expect(pkg.build.files).toContain('resources/icon.png');
  });
});
