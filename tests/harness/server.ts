import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ClinicCore } from '../../electron/core';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveInsideRoot } from '../../electron/security';

/** The clinic a test has open: where photo requests and uploads for import go. */
export interface PhotoBackend {
  core: ClinicCore;
  /** A folder of the test's own for uploaded files. */
  uploadDir: string;
}

export interface StaticServer {
  origin: string;
  /** Points the photo routes at the running test's clinic (tests in a worker run one at a time). */
  attach(backend: PhotoBackend | null): void;
  close(): Promise<void>;
}

const STAGE_ROUTE = '/__harness/stage';
const MAX_UPLOAD = 210 * 1024 * 1024;

/**
 * Serves the built renderer on loopback with the app's own path guard and CSP: the
 * browser-test stand-in for Electron's app:// protocol handler. It also answers the two
 * photo routes: GET /photo/<id>/<kind> through the same function Electron's handler calls,
 * and the harness's own upload route, the stand-in for the preload's getPathForFile.
 */
export async function startStaticServer(root: string): Promise<StaticServer> {
  if (!fs.existsSync(`${root}/index.html`)) throw new Error(`No built renderer at ${root}: run \`npm run build\` first.`);
  let backend: PhotoBackend | null = null;
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/photo/')) {
      const photo = backend ? backend.core.photo(url.pathname) : { status: 404 as const };
      if (photo.status === 200) res.writeHead(200, { 'content-type': photo.contentType }).end(photo.body);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    if (url.pathname === STAGE_ROUTE && req.method === 'POST') {
      stageUpload(req, res, backend, origin);
      return;
    }
    const file = resolveInsideRoot(root, url.pathname);
    if (file === null || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
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
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    attach: (b) => {
      backend = b;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** Saves one uploaded file under its own name in a fresh folder and stages it, as a dropped file's path would be. */
function stageUpload(req: http.IncomingMessage, res: http.ServerResponse, backend: PhotoBackend | null, origin: string): void {
  const name = path.basename(decodeURIComponent(String(req.headers['x-file-name'] ?? 'file')));
  if (!backend || !name || name === '.' || name === '..') {
    res.writeHead(400).end('[]');
    return;
  }
  const dir = path.join(backend.uploadDir, randomUUID());
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const out = fs.createWriteStream(file);
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_UPLOAD) req.destroy();
  });
  req.pipe(out);
  out.on('finish', () => {
    // Through the dispatcher's file door, as the preload's handover arrives in Electron.
    void backend.core
      .dispatch({ url: `${origin}/`, isMainFrame: true, door: 'files' }, 'photos.stage', { paths: [file] })
      .then((envelope) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope)));
  });
  out.on('error', () => res.writeHead(500).end('[]'));
}
