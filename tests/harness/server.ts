import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveInsideRoot } from '../../electron/security';

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on loopback with the app's own path guard and CSP: the
 * browser-test stand-in for Electron's app:// protocol handler.
 */
export async function startStaticServer(root: string): Promise<StaticServer> {
  if (!fs.existsSync(`${root}/index.html`)) throw new Error(`No built renderer at ${root}: run \`npm run build\` first.`);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
