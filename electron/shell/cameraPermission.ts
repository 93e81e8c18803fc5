import { isTrustedUrl } from '../dispatch';

/**
 * A permission request or check as Electron's session handlers describe it, reduced to what the
 * decision reads (main.ts fills it in; this module knows nothing of Electron).
 */
export interface PermissionAsk {
  /** Electron's name for it: 'media', 'notifications', 'geolocation', 'clipboard-read'… */
  permission: string;
  /** The page asking: the request's requestingUrl, or the check's requesting origin. */
  url: string;
  isMainFrame: boolean;
  /** For 'media', what it wants: the request's mediaTypes, or the check's single mediaType. */
  mediaTypes: readonly string[];
}

/** How long the capture view's hold on the camera lasts unless renewed (the view renews it every minute). */
export const CAPTURE_LEASE_MS = 120_000;

/**
 * Which screens have the capture view open, each until its lease runs out: the view opens it when
 * it appears, renews it while it stays, and closes it when it goes. A page that crashed or was
 * reloaded without closing loses it within two minutes; locking or signing out loses it at once
 * (the decision asks who is signed in every time).
 */
export class CaptureWindow {
  private readonly until = new Map<string, number>();

  open(session: string, nowMs: number): number {
    this.until.set(session, nowMs + CAPTURE_LEASE_MS);
    return CAPTURE_LEASE_MS;
  }

  close(session: string): void {
    this.until.delete(session);
  }

  closeAll(): void {
    this.until.clear();
  }

  isOpen(session: string, nowMs: number): boolean {
    const until = this.until.get(session);
    return until !== undefined && nowMs < until;
  }
}

/**
 * Whether to grant a permission. Only the camera, only video (never the microphone), only to the
 * app's own page in its main frame, and only while the capture view is open for a signed-in
 * clinician; every other permission of every page is refused.
 */
export function allowPermission(ask: PermissionAsk, ctx: { trustedOrigin: string; captureOpen: boolean }): boolean {
  if (ask.permission !== 'media') return false;
  if (ask.mediaTypes.length === 0 || ask.mediaTypes.some((t) => t !== 'video')) return false;
  if (!ask.isMainFrame || !isTrustedUrl(ask.url, ctx.trustedOrigin)) return false;
  return ctx.captureOpen;
}
