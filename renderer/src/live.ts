import { useEffect, useRef, useState } from 'react';
import type { ClinicChange, LiveEvent, NetworkMode } from '../../shared/network';
import { call } from './api';

/** Listens for what the main process tells the window by itself (nothing, where the bridge has no events). */
export function onLiveEvent(listener: (e: LiveEvent) => void): () => void {
  return window.clinic.onEvent?.(listener) ?? (() => undefined);
}

/**
 * Calls `reload` when another screen changed something this screen shows (a booking made at
 * reception, a patient arrived, a photo imported in a treatment room). Several changes in a
 * quick run reload once.
 */
export function useLiveChanges(matches: (change: ClinicChange) => boolean, reload: () => void): void {
  const latest = useRef({ matches, reload });
  // The functions in force are the last rendered ones; kept in the ref after the render, not during it.
  useEffect(() => {
    latest.current = { matches, reload };
  });
  useEffect(() => {
    let timer: number | null = null;
    const off = onLiveEvent((e) => {
      if (e.kind !== 'change' || !latest.current.matches(e.change)) return;
      if (timer !== null) window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        timer = null;
        latest.current.reload();
      }, 150);
    });
    return () => {
      off();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, []);
}

/** How this computer takes part (on its own, the clinic's host, a workstation) and, on a workstation, its connection. */
export function useNetworkMode(): NetworkMode | null {
  const [mode, setMode] = useState<NetworkMode | null>(null);
  useEffect(() => {
    let live = true;
    call('network.mode', {})
      .then((m) => live && setMode(m))
      .catch(() => undefined);
    const off = onLiveEvent((e) => {
      if (e.kind === 'connection') setMode(e.mode);
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return mode;
}
