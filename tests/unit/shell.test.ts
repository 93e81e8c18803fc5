import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { createAppProtocolHandler } from '../../electron/shell/appProtocol';
import { createSaveTargets } from '../../electron/shell/saveTargets';
import { senderOf } from '../../electron/shell/sender';
import { startStaticServer } from '../harness/server';
import { tempDir } from '../support/tempDir';

/** A built renderer's folder, with a secret beside it that no address may reach. */
function rendererFolder(): { root: string; secret: string } {
  const dir = tempDir();
  const root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Clinic</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  const secret = path.join(dir, 'clinic.sqlite');
  fs.writeFileSync(secret, 'SECRET PATIENT DATA');
  return { root, secret };
}

/** Addresses that try to leave the renderer's folder, written as a request line carries them (not as a browser would tidy them). */
const ESCAPES = [
  '/../clinic.sqlite',
  '/%2e%2e/clinic.sqlite',
  '/%2E%2E%2Fclinic.sqlite',
  '/assets/..%2F..%2Fclinic.sqlite',
  '/assets/%2e%2e%5c%2e%2e%5cclinic.sqlite',
  '/..\\clinic.sqlite',
  '/index.html%00.js',
  '/%252e%252e/clinic.sqlite',
];

describe('the app:// handler, without Electron', () => {
  it('serves the renderer’s files with the page’s CSP, and photos only through the photo matcher', async () => {
    const { root } = rendererFolder();
    const asked: string[] = [];
    const handle = createAppProtocolHandler({
      rendererRoot: root,
      photo: (p) => {
        asked.push(p);
        return p === '/photo/7/thumb'
          ? { status: 200, body: Buffer.from([0xff, 0xd8, 0xff]), contentType: 'image/jpeg' }
          : { status: 404 };
      },
    });
    const index = await handle(new Request('app://clinic/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await (await handle(new Request('app://clinic/assets/app.js'))).text()).toBe('console.log(1)');
    const photo = await handle(new Request('app://clinic/photo/7/thumb'));
    expect(photo.status).toBe(200);
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
    expect((await handle(new Request('app://clinic/photo/7/original'))).status).toBe(404);
    expect(asked).toEqual(['/photo/7/thumb', '/photo/7/original']);
    expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://clinic/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });

  it('never answers outside the renderer’s folder, however the path is encoded', async () => {
    const { root } = rendererFolder();
    const handle = createAppProtocolHandler({ rendererRoot: root, photo: () => ({ status: 404 }) });
    for (const p of ESCAPES) {
      const r = await handle({ url: `app://clinic${p}`, method: 'GET' } as Request);
      expect(r.status, p).toBe(404);
      expect(await r.text(), p).not.toContain('SECRET');
    }
  });
});

describe('the harness’s loopback server, asked directly over HTTP', () => {
  it('refuses every encoded way out of the renderer’s folder; the request line reaches it untouched', async () => {
    const { root } = rendererFolder();
    const server = await startStaticServer(root);
    const { port } = new URL(server.origin);
    const get = (p: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        // http.request sends the path exactly as written: no browser tidies "%2e%2e" away first.
        const req = http.request({ host: '127.0.0.1', port: Number(port), path: p, method: 'GET' }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect((await get('/index.html')).status).toBe(200);
      for (const p of ESCAPES) {
        const r = await get(p);
        expect(r.status, p).toBe(404);
        expect(r.body, p).not.toContain('SECRET');
      }
    } finally {
      await server.close();
    }
  });
});

describe('who is calling, from an IPC event', () => {
  const main = { url: 'app://clinic/index.html' };
  it('is the main frame’s URL, with the door the preload used', () => {
    expect(senderOf({ senderFrame: main, sender: { mainFrame: main } }, 'page')).toEqual({
      url: 'app://clinic/index.html',
      isMainFrame: true,
      door: 'page',
    });
    expect(senderOf({ senderFrame: main, sender: { mainFrame: main } }, 'files').door).toBe('files');
    // Anything else a message carries is the page's door.
    expect(senderOf({ senderFrame: main, sender: { mainFrame: main } }, { door: 'files' }).door).toBe('page');
  });
  it('is untrusted from a subframe or a frame already gone', () => {
    expect(senderOf({ senderFrame: { url: 'app://clinic/x' }, sender: { mainFrame: main } }, 'page').isMainFrame).toBe(false);
    expect(senderOf({ senderFrame: null, sender: { mainFrame: main } }, 'page')).toEqual({
      url: '',
      isMainFrame: false,
      door: 'page',
    });
  });
});

describe('saving where the user chooses', () => {
  it('suggests the name in the usual folder, writes only when a place is chosen, and never leaves the chosen path', async () => {
    const dir = tempDir();
    const suggested: string[] = [];
    let answer: { canceled: boolean; filePath?: string } = { canceled: true };
    const targets = createSaveTargets({
      showSaveDialog: (o) => {
        suggested.push(o.defaultPath, o.filters[0]!.extensions[0]!);
        return Promise.resolve(answer);
      },
      printToPdf: () => Promise.resolve(new TextEncoder().encode('%PDF-1.7 day sheet')),
      documentsDir: path.join(dir, 'Documents'),
      picturesDir: path.join(dir, 'Pictures'),
    });
    expect(await targets.savePdf('day-sheet-2026-11-22.pdf')).toBeNull();
    expect(suggested).toEqual([path.join(dir, 'Documents', 'day-sheet-2026-11-22.pdf'), 'pdf']);
    answer = { canceled: false, filePath: path.join(dir, 'chosen.pdf') };
    expect(await targets.savePdf('../../day-sheet.pdf')).toBe(path.join(dir, 'chosen.pdf'));
    expect(suggested[2]).toBe(path.join(dir, 'Documents', 'day-sheet.pdf'));
    expect(fs.readFileSync(path.join(dir, 'chosen.pdf'), 'utf8')).toBe('%PDF-1.7 day sheet');
    answer = { canceled: false, filePath: path.join(dir, 'comparison.png') };
    expect(await targets.saveFile('comparison.png', new Uint8Array([137, 80, 78, 71]))).toBe(path.join(dir, 'comparison.png'));
    expect(suggested.slice(4)).toEqual([path.join(dir, 'Pictures', 'comparison.png'), 'png']);
    expect([...fs.readFileSync(path.join(dir, 'comparison.png'))]).toEqual([137, 80, 78, 71]);
  });

  it('saves nothing without a window to ask from', async () => {
    const targets = createSaveTargets({
      showSaveDialog: () => null,
      printToPdf: () => Promise.reject(new Error('not reached')),
      documentsDir: '/d',
      picturesDir: '/p',
    });
    expect(await targets.savePdf('x.pdf')).toBeNull();
    expect(await targets.saveFile('x.png', new Uint8Array([1]))).toBeNull();
  });
});
