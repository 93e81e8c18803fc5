import fs from 'node:fs';
import type { PhotoResponse } from '../photos/serve';
import { CONTENT_SECURITY_POLICY, mimeTypeFor, resolveInsideRoot } from '../security';

export interface AppProtocolOptions {
  /** The built renderer's folder. */
  rendererRoot: string;
  /** A photo's display copy by its path ("/photo/12/preview"), for the signed-in screen (from the host, on a workstation). */
  photo: (pathname: string) => PhotoResponse | Promise<PhotoResponse>;
  /** How long the window may keep a photo (a workstation keeps none: "no-store"). */
  photoCacheControl?: () => string;
  readFile?: (file: string) => Promise<Uint8Array>;
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });

/**
 * What the app:// scheme answers, as a plain fetch handler (Request in, Response out) so that
 * it runs and is tested without Electron; main.ts hands it to protocol.handle. Only the host
 * "clinic" exists. Photos are served by id through serve.ts's whole-path matcher; everything else
 * is a file of the built renderer, inside its folder (resolveInsideRoot refuses `..`, encoded
 * separators and the like), sent with the page's Content-Security-Policy.
 */
export function createAppProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const readFile = opts.readFile ?? ((file: string) => fs.promises.readFile(file));
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.host !== 'clinic' || request.method !== 'GET') return notFound();
    if (url.pathname.startsWith('/photo/')) {
      const photo = await opts.photo(url.pathname);
      return photo.status === 200
        ? new Response(new Uint8Array(photo.body), {
            status: 200,
            headers: {
              'content-type': photo.contentType,
              'cache-control': opts.photoCacheControl?.() ?? 'private, max-age=3600',
            },
          })
        : notFound();
    }
    const file = resolveInsideRoot(opts.rendererRoot, url.pathname);
    if (file === null) return notFound();
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'content-type': mimeTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  };
}
