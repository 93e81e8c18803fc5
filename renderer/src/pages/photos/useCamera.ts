import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import {
  fingerprintDifference,
  frameFingerprint,
  FROZEN_DIFFERENCE,
  isBlackFrame,
  lightingOf,
  type LightingStats,
} from '../../../../shared/lighting';
import { call, errorMessage } from '../../api';

export type CameraProblemKind = 'no_camera' | 'refused' | 'busy' | 'gone' | 'black' | 'frozen' | 'failed';

export interface CameraProblem {
  kind: CameraProblemKind;
  title: string;
  detail: string;
}

const PROBLEMS: Record<Exclude<CameraProblemKind, 'failed'>, Omit<CameraProblem, 'kind'>> = {
  no_camera: {
    title: 'No camera found',
    detail: 'Connect a webcam or a USB camera to this computer, then press Try again.',
  },
  refused: {
    title: 'The camera is not allowed',
    detail:
      'Clinic Records uses the camera only while this view is open. If the computer asked, allow it; on a Mac look in System Settings → Privacy & Security → Camera, on Windows in Settings → Privacy → Camera. Then press Try again.',
  },
  busy: {
    title: 'The camera is busy or not working',
    detail: 'Close any other program using it (a video call, for example), then press Try again.',
  },
  gone: {
    title: 'The camera was disconnected',
    detail: 'Nothing was saved from it. Reconnect the camera and press Try again.',
  },
  black: {
    title: 'The picture is black',
    detail: 'Is the lens covered, or the camera switched off? A photo can be taken once there is a picture.',
  },
  frozen: {
    title: 'The picture has stopped changing',
    detail: 'The camera seems to have frozen. Unplug it and plug it in again, then press Try again.',
  },
};

function problem(kind: Exclude<CameraProblemKind, 'failed'>): CameraProblem {
  return { kind, ...PROBLEMS[kind] };
}

/** What getUserMedia's refusal means for the person at the camera. */
function problemOf(err: unknown): CameraProblem {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return problem('no_camera');
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return problem('refused');
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return problem('busy');
  return { kind: 'failed', title: 'The camera could not be started', detail: errorMessage(err) };
}

/** How often the live picture is looked at for black or frozen frames and its light. */
const SAMPLE_MS = 250;
/** A picture unchanged this long is frozen; black this many samples running is black. */
const FROZEN_AFTER_MS = 2000;
const BLACK_SAMPLES = 3;
/** The capture view renews its hold on the camera this often (the main process lets it lapse after two minutes). */
const RENEW_MS = 60_000;

export interface Camera {
  phase: 'starting' | 'live' | 'stopped';
  /** What stops the camera (no camera, refused, busy, disconnected) or, while live, a black or frozen picture. */
  problem: CameraProblem | null;
  /** The live picture's light, about once a second. */
  live: LightingStats | null;
  /** The cameras this computer has, once one is allowed. */
  devices: { id: string; label: string }[];
  deviceId: string | null;
  size: { width: number; height: number } | null;
  retry(deviceId?: string): void;
}

/**
 * The camera for the capture view: asks the main process to allow it (camera.open), starts it,
 * watches it (disconnected, black, frozen), renews the hold every minute, and on leaving stops it
 * and tells the main process (camera.close), after which the camera is refused again.
 */
export function useCamera(patientId: number): [Camera, RefObject<HTMLVideoElement | null>] {
  const video = useRef<HTMLVideoElement>(null);
  const [phase, setPhase] = useState<Camera['phase']>('starting');
  const [hard, setHard] = useState<CameraProblem | null>(null);
  const [soft, setSoft] = useState<CameraProblem | null>(null);
  const [live, setLive] = useState<LightingStats | null>(null);
  const [devices, setDevices] = useState<Camera['devices']>([]);
  const [deviceId, setDeviceId] = useState<string | null>(null);
  const [size, setSize] = useState<Camera['size']>(null);
  const [attempt, setAttempt] = useState(0);
  const wanted = useRef<string | undefined>(undefined);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let sampler = 0;
    const renew = window.setInterval(() => void call('camera.open', { patientId }).catch(() => undefined), RENEW_MS);

    const stop = () => {
      window.clearInterval(sampler);
      stream?.getTracks().forEach((t) => t.stop());
      stream = null;
      if (video.current) video.current.srcObject = null;
    };

    const watch = (track: MediaStreamTrack) => {
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 120;
      const g = canvas.getContext('2d', { willReadFrequently: true });
      let last: Uint8Array | null = null;
      let changedAt = performance.now();
      let blackRun = 0;
      let n = 0;
      sampler = window.setInterval(() => {
        const v = video.current;
        if (!g || !v || v.readyState < 2 || track.readyState !== 'live') return;
        g.drawImage(v, 0, 0, canvas.width, canvas.height);
        const px = {
          data: g.getImageData(0, 0, canvas.width, canvas.height).data,
          width: canvas.width,
          height: canvas.height,
          channels: 4 as const,
        };
        const print = frameFingerprint(px);
        const stats = lightingOf(px);
        const now = performance.now();
        if (!last || fingerprintDifference(print, last) > FROZEN_DIFFERENCE) changedAt = now;
        last = print;
        blackRun = isBlackFrame(stats) ? blackRun + 1 : 0;
        const next = blackRun >= BLACK_SAMPLES ? problem('black') : now - changedAt >= FROZEN_AFTER_MS ? problem('frozen') : null;
        setSoft((s) => (s?.kind === next?.kind ? s : next));
        if (n++ % 4 === 0) setLive(stats);
      }, SAMPLE_MS);
    };

    async function start() {
      setPhase('starting');
      setHard(null);
      setSoft(null);
      setLive(null);
      try {
        await call('camera.open', { patientId });
      } catch (err) {
        if (!stopped) {
          setHard({ kind: 'failed', title: 'The camera could not be opened', detail: errorMessage(err) });
          setPhase('stopped');
        }
        return;
      }
      if (!navigator.mediaDevices?.getUserMedia) {
        setHard(problem('no_camera'));
        setPhase('stopped');
        return;
      }
      try {
        const s = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: wanted.current ? { deviceId: { exact: wanted.current } } : { width: { ideal: 1920 }, height: { ideal: 1080 } },
        });
        if (stopped) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        stream = s;
      } catch (err) {
        if (!stopped) {
          setHard(problemOf(err));
          setPhase('stopped');
        }
        return;
      }
      const track = stream.getVideoTracks()[0];
      const v = video.current;
      if (!track || !v) {
        stop();
        setHard(problem('no_camera'));
        setPhase('stopped');
        return;
      }
      // Unplugged, switched off, or taken by the system: the picture is gone and nothing more is taken.
      track.addEventListener('ended', () => {
        if (stopped) return;
        stop();
        setSoft(null);
        setHard(problem('gone'));
        setPhase('stopped');
      });
      v.srcObject = stream;
      try {
        await v.play();
      } catch {
        // Autoplay of a muted camera picture is allowed; a refusal here shows as no picture, watched below.
      }
      if (stopped) return;
      setDeviceId(track.getSettings().deviceId ?? null);
      setSize({ width: v.videoWidth, height: v.videoHeight });
      setPhase('live');
      watch(track);
      const all = await navigator.mediaDevices.enumerateDevices();
      if (!stopped) {
        setDevices(
          all.filter((d) => d.kind === 'videoinput').map((d, i) => ({ id: d.deviceId, label: d.label || `Camera ${i + 1}` })),
        );
      }
    }

    void start();
    return () => {
      stopped = true;
      window.clearInterval(renew);
      stop();
      void call('camera.close', {}).catch(() => undefined);
    };
  }, [patientId, attempt]);

  const retry = useCallback((id?: string) => {
    wanted.current = id;
    setAttempt((a) => a + 1);
  }, []);

  const camera: Camera = {
    phase,
    problem: hard ?? (phase === 'live' ? soft : null),
    live,
    devices,
    deviceId,
    size,
    retry,
  };
  // The ref is for the page's <video> element, which shows the live picture.
  return [camera, video];
}
