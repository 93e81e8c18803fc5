import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveInsideRoot } from '../../electron/security';
import type { ComputerProcess } from '../support/computerProcess';

/**
 * A Chromium page as the window of one computer of the clinic (the host, or a workstation) whose
 * main process runs as a process of its own: `window.clinic` is bound to that process's station
 * over its IPC channel, photos and uploads go through a loopback server of this page's own (as
 * Electron's app:// handler and file handover would), and the station's live events are handed to
 * the page as the preload's onEvent would.
 */
export async function bindComputerPage(page: Page, computer: ComputerProcess, rendererRoot: string) {
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-uploads-'));
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/photo/')) {
      void computer.photo(url.pathname).then((p) => {
        if (p.status === 200 && p.base64)
          res.writeHead(200, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }).end(Buffer.from(p.base64, 'base64'));
        else res.writeHead(404).end('Not found');
      });
      return;
    }
    if (url.pathname === '/__harness/stage' && req.method === 'POST') {
      const name = path.basename(decodeURIComponent(String(req.headers['x-file-name'] ?? 'file')));
      const dir = path.join(uploads, randomUUID());
      fs.mkdirSync(dir);
      const file = path.join(dir, name);
      const out = fs.createWriteStream(file);
      req.pipe(out);
      out.on('finish', () => {
        void computer
          .raw('photos.stage', { paths: [file] }, 'files')
          .then((envelope) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope)));
      });
      return;
    }
    const file = resolveInsideRoot(rendererRoot, url.pathname);
    if (file === null || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': mimeTypeFor(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await page.exposeBinding('__clinicInvoke', async (source, method: string, inputJson: string | undefined) => {
    // The sender check Electron's IPC makes: this page's own main frame.
    if (source.frame !== source.page.mainFrame() || !source.frame.url().startsWith(`${origin}/`)) {
      return JSON.stringify({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'Not our window.' } });
    }
    try {
      return JSON.stringify(
        await computer.raw(method as never, (inputJson === undefined ? undefined : JSON.parse(inputJson)) as never),
      );
    } catch {
      // This computer's own main process is gone (the test stopped it): its window hears nothing.
      return JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'This computer’s Clinic Records stopped.' } });
    }
  });
  await page.addInitScript(() => {
    window.print = () => undefined;
    const invoke = (window as unknown as { __clinicInvoke: (m: string, i: string | undefined) => Promise<string> })
      .__clinicInvoke;
    const listeners = new Set<(e: unknown) => void>();
    Object.defineProperty(window, '__clinicLive', { value: (e: unknown) => listeners.forEach((l) => l(e)) });
    Object.defineProperty(window, 'clinic', {
      value: Object.freeze({
        invoke: async (m: string, i: unknown) =>
          JSON.parse(await invoke(m, i === undefined ? undefined : JSON.stringify(i))) as unknown,
        stageFiles: async (files: File[]) => {
          const staged: unknown[] = [];
          for (const f of files) {
            const r = await fetch('/__harness/stage', {
              method: 'POST',
              headers: { 'x-file-name': encodeURIComponent(f.name) },
              body: f,
            });
            const envelope = (await r.json()) as { ok: boolean; value?: unknown[] };
            if (!envelope.ok) return envelope;
            staged.push(...envelope.value!);
          }
          return { ok: true, value: staged };
        },
        onEvent: (l: (e: unknown) => void) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
      }),
      writable: false,
    });
  });
  const off = computer.onEvent((event) => {
    void page
      .evaluate((e) => (window as unknown as { __clinicLive?: (e: unknown) => void }).__clinicLive?.(e), event)
      .catch(() => undefined);
  });
  return {
    origin,
    goto: (section: string) => page.goto(`${origin}/index.html#/${section}`),
    close: async () => {
      off();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(uploads, { recursive: true, force: true });
    },
  };
}
