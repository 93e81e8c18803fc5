import { describe, expect, it } from 'vitest';
import { allowPermission, CAPTURE_LEASE_MS, CaptureWindow, type PermissionAsk } from '../../electron/shell/cameraPermission';

const ORIGIN = 'app://clinic';
const camera: PermissionAsk = { permission: 'media', url: 'app://clinic/index.html', isMainFrame: true, mediaTypes: ['video'] };
const open = { trustedOrigin: ORIGIN, captureOpen: true };

describe('the camera permission decision (Electron’s permission handlers ask it)', () => {
  it('grants the camera to the app’s own page while the capture view is open', () => {
    expect(allowPermission(camera, open)).toBe(true);
    // The check handler names the origin alone.
    expect(allowPermission({ ...camera, url: 'app://clinic' }, open)).toBe(true);
  });

  it('refuses it while the capture view is closed', () => {
    expect(allowPermission(camera, { ...open, captureOpen: false })).toBe(false);
  });

  it('refuses the microphone, alone or with the camera, and a request that names nothing', () => {
    expect(allowPermission({ ...camera, mediaTypes: ['audio'] }, open)).toBe(false);
    expect(allowPermission({ ...camera, mediaTypes: ['video', 'audio'] }, open)).toBe(false);
    expect(allowPermission({ ...camera, mediaTypes: ['unknown'] }, open)).toBe(false);
    expect(allowPermission({ ...camera, mediaTypes: [] }, open)).toBe(false);
  });

  it('refuses every other page and frame: another origin, a look-alike host, a subframe, a file page', () => {
    for (const url of [
      'https://example.com/',
      'app://clinic.evil/index.html',
      'app://other/index.html',
      'file:///home/a/index.html',
      'http://127.0.0.1:5173/',
      'app://user:pw@clinic/index.html',
      'not a url',
    ]) {
      expect(allowPermission({ ...camera, url }, open), url).toBe(false);
    }
    expect(allowPermission({ ...camera, isMainFrame: false }, open)).toBe(false);
  });

  it('refuses every other permission, capture view open or not', () => {
    for (const permission of [
      'notifications',
      'geolocation',
      'clipboard-read',
      'display-capture',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'hid',
      'serial',
      'usb',
      'unknown',
    ]) {
      expect(allowPermission({ ...camera, permission }, open), permission).toBe(false);
    }
  });
});

describe('the capture view’s hold on the camera', () => {
  it('lasts while renewed, ends when closed or when its lease runs out, one screen at a time', () => {
    const w = new CaptureWindow();
    expect(w.isOpen('local', 0)).toBe(false);
    expect(w.open('local', 1000)).toBe(CAPTURE_LEASE_MS);
    expect(w.isOpen('local', 1000 + CAPTURE_LEASE_MS - 1)).toBe(true);
    expect(w.isOpen('other', 2000)).toBe(false);
    expect(w.isOpen('local', 1000 + CAPTURE_LEASE_MS)).toBe(false);
    w.open('local', 5000);
    w.open('local', 60_000);
    expect(w.isOpen('local', 5000 + CAPTURE_LEASE_MS + 1)).toBe(true);
    w.close('local');
    expect(w.isOpen('local', 60_001)).toBe(false);
    w.open('a', 0);
    w.open('b', 0);
    w.closeAll();
    expect(w.isOpen('a', 1) || w.isOpen('b', 1)).toBe(false);
  });
});
