import { spawn } from 'node:child_process';
import path from 'node:path';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';
import type { LiveEvent } from '../../shared/network';

const CHILD = path.resolve(__dirname, 'stationChild.ts');

export interface ComputerProcessOptions {
  /**
   * mDNS options for the computer's announcements and searches (bonjour-service / multicast-dns),
   * such as a loopback interface and a port of the test's own; none (no mDNS at all) unless given.
   */
  mdns?: Record<string, unknown>;
  /** The folder the computer's folder picker "chooses" (a backup place); none unless given. */
  chooseFolder?: string;
}

/**
 * A computer of the clinic as a process of its own (the station without a window), driven from a
 * test over its IPC channel: calls from its window, its photos, its clock, and its live events.
 */
export async function spawnComputerProcess(dir: string, now = '2026-11-22T10:00:00Z', options: ComputerProcessOptions = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'Europe/London' };
  if (options.mdns) env.CLINIC_TEST_MDNS = JSON.stringify(options.mdns);
  if (options.chooseFolder) env.CLINIC_TEST_CHOOSE_FOLDER = options.chooseFolder;
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, now], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env,
  });
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const events: LiveEvent[] = [];
  const eventListeners = new Set<(e: LiveEvent) => void>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the computer's process ended (${code})`)));
    child.on('message', (m: { ready?: true; id?: number; result?: unknown; error?: string; event?: LiveEvent }) => {
      if (m.ready) resolve();
      if (m.event) {
        events.push(m.event);
        eventListeners.forEach((l) => l(m.event!));
      }
      if (m.id !== undefined) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
      }
    });
  });
  await ready;
  const ask = (op: string, args: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      if (!child.connected) {
        reject(new Error('The computer’s process has ended.'));
        return;
      }
      const id = next++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, args });
    });
  async function raw<M extends MethodName>(method: M, input: InputOf<M>, door?: 'files'): Promise<Envelope<OutputOf<M>>> {
    return (await ask('dispatch', { method, input, ...(door ? { door } : {}) })) as Envelope<OutputOf<M>>;
  }
  async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    const r = await raw(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  }
  function waitForEvent(match: (e: LiveEvent) => boolean, timeoutMs = 5000, since = 0): Promise<LiveEvent> {
    const seen = events.slice(since).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        eventListeners.delete(l);
        reject(new Error(`no matching event within ${timeoutMs} ms`));
      }, timeoutMs);
      const l = (e: LiveEvent) => {
        if (!match(e)) return;
        clearTimeout(t);
        eventListeners.delete(l);
        resolve(e);
      };
      eventListeners.add(l);
    });
  }
  return {
    dir,
    pid: child.pid,
    raw,
    call,
    events,
    waitForEvent,
    photo: (pathname: string) => ask('photo', { pathname }) as Promise<{ status: number; bytes?: number; base64?: string }>,
    onEvent: (l: (e: LiveEvent) => void) => {
      eventListeners.add(l);
      return () => eventListeners.delete(l);
    },
    setClock: (iso: string) => ask('setClock', { iso }),
    /** Ends the process at once, as a crash or a pulled plug would. */
    kill: () =>
      new Promise<void>((resolve) => {
        // A process ended by a signal has no exit code, only a signal code: it too is gone already.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    close: () => ask('close', {}).catch(() => undefined),
  };
}

export type ComputerProcess = Awaited<ReturnType<typeof spawnComputerProcess>>;
