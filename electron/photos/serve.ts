import type { Db } from '../db/connection';
import { liveSha256 } from '../db/photosRepo';
import { readPhotoFile, type PhotoStore } from './store';

export type PhotoResponse = { status: 200; body: Buffer; contentType: 'image/jpeg' } | { status: 404 };

/** The only photo addresses there are: a photo's number and which display copy. The original is never served. */
const PHOTO_URL = /^\/photo\/([1-9][0-9]{0,12})\/(thumb|preview)$/;

/**
 * Answers a request for a photo by id: Electron's app:// handler and the test harness's
 * loopback server both call this. The path is matched whole against PHOTO_URL before
 * anything else happens, so `..`, encoded separators or a file name get a 404, and the
 * file opened is always the store's own name for the photo's hash. With no clinic open
 * (nobody signed in since the app started) there is nothing to serve.
 */
export function photoResponse(db: Db | null, store: PhotoStore | null, pathname: string): PhotoResponse {
  const m = pathname.match(PHOTO_URL);
  if (!m || db === null || store === null) return { status: 404 };
  const sha = liveSha256(db, Number(m[1]));
  if (sha === null) return { status: 404 };
  try {
    return { status: 200, body: readPhotoFile(store, sha, m[2] as 'thumb' | 'preview'), contentType: 'image/jpeg' };
  } catch {
    return { status: 404 };
  }
}
