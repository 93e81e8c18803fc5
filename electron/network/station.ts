import { ApiError, type Envelope } from '../../shared/envelope';
import type { LiveEvent, NetworkMode, NetworkRole } from '../../shared/network';
import { createClinicCore, type ClinicCore, type CoreOptions } from '../core';
import { isTrustedUrl, LOCAL_SESSION, type Dispatch } from '../dispatch';
import type { PhotoResponse } from '../photos/serve';
import { findHosts, type MdnsOptions } from './announce';
import { routeSaves } from './callScope';
import { ChangeFeed, changeOf } from './changes';
import { HostSharing } from './host';
import type { NetworkHooks } from './hooks';
import {
  forgetWorkstationSettings,
  isWorkstationFolder,
  readWorkstationSettings,
  type SecretBox,
  type WorkstationSettings,
} from './store';
import { inspectHost, pairWithHost, WorkstationLink } from './workstation';

export interface StationOptions extends Omit<CoreOptions, 'network' | 'deviceOf' | 'workstationPaired'> {
  /** Electron's safeStorage where the system offers it: seals this computer's network key. */
  box?: SecretBox | undefined;
  /** Where a host listens: every interface unless given (tests: 127.0.0.1). */
  bindAddress?: string | undefined;
  /** mDNS options, or false for none (tests). */
  mdns?: MdnsOptions | false | undefined;
  addresses?: (() => string[]) | undefined;
  /** A workstation's patience with a host that stopped answering (tests shorten it). */
  retryWindowMs?: number | undefined;
  /** How long the host may be silent before a workstation says so (tests with both in one process lengthen it). */
  silenceLimitMs?: number | undefined;
}

/**
 * One computer's whole main process minus Electron, whatever its part: a clinic of its own (which
 * may share itself as the host), or a workstation of another computer's clinic. electron/main.ts
 * and the tests build this; the window's IPC, the app:// photos and the power events go to it.
 */
export interface Station {
  readonly role: NetworkRole;
  dispatch: Dispatch;
  photo(pathname: string, session?: string): Promise<PhotoResponse>;
  /** Live changes and connection news for the window. */
  onEvent(listener: (e: LiveEvent) => void): () => void;
  /** This computer sleeps or its screen locks: its own screen locks (never a workstation's session on the host). */
  lockAll(reason: string): void;
  /** The clinic of a clinic computer (null on a workstation). */
  readonly core: ClinicCore | null;
  readonly host: HostSharing | null;
  readonly link: WorkstationLink | null;
  /** Starts sharing again if it was on, or connects a workstation to its host. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createStation(opts: StationOptions): Station {
  const listeners = new Set<(e: LiveEvent) => void>();
  const emit = (e: LiveEvent) => listeners.forEach((l) => l(e));
  let core: ClinicCore | null = null;
  let host: HostSharing | null = null;
  let link: WorkstationLink | null = null;
  let unlinkEvents: (() => void) | null = null;
  const feed = new ChangeFeed();
  feed.subscribe((change) => emit({ kind: 'change', change }));
  const clock = opts.clock ?? { nowMs: () => Date.now() };

  /** The clinic's own dispatcher, telling every screen what each successful change touched. */
  const clinicDispatch: Dispatch = async (sender, method, input) => {
    if (!core) return { ok: false, error: new ApiError('CONFLICT', 'This computer is now a workstation.').toBody() };
    const answer = await core.dispatch(sender, method, input);
    if (answer.ok && typeof method === 'string') {
      const change = changeOf(method, input, answer.value);
      if (change) feed.publish(change);
    }
    return answer;
  };

  const hooks: NetworkHooks = {
    mode: (): NetworkMode => host?.mode() ?? { role: 'standalone', clinicName: '', workstation: null },
    findHosts: () => findHosts(1500, opts.mdns === false ? undefined : opts.mdns),
    inspectHost: (address, port) => {
      mustBeEmpty();
      return inspectHost(address, port);
    },
    pair: async (input) => {
      mustBeEmpty();
      const settings = await pairWithHost(input, opts.dataDir, opts.box);
      // This computer becomes a workstation now: its empty clinic closes, its calls go to the host.
      await host?.stop();
      host = null;
      core?.close();
      core = null;
      becomeWorkstation(settings);
      return link!.mode();
    },
    forget: () => Promise.reject(new ApiError('CONFLICT', 'This computer is not a workstation.')),
    host: () => host!.view(),
    share: (on, port, actor) => host!.share(on, port, actor),
    newPairingCode: (actor) => host!.newPairingCode(actor),
    revoke: (id, actor) => host!.revoke(id, actor),
  };

  /** Pairing is offered only on a computer with no clinic of its own: a workstation holds no records. */
  function mustBeEmpty(): void {
    const state = core?.access.status(LOCAL_SESSION).state;
    if (state !== 'new_clinic' || core?.access.folder.demo) {
      throw new ApiError(
        'CONFLICT',
        'This computer holds a clinic of its own, so it cannot become a workstation. Use a computer where Clinic Records has not been set up.',
      );
    }
  }

  function becomeClinic(): void {
    const saves = routeSaves({ savePdf: opts.savePdf, saveFile: opts.saveFile });
    core = createClinicCore({
      ...opts,
      ...saves,
      network: hooks,
      deviceOf: (session) => host?.deviceOf(session),
      workstationPaired: (id) => host?.paired(id) ?? false,
    });
    host = new HostSharing({
      dataDir: opts.dataDir,
      clock,
      dispatch: clinicDispatch,
      access: () => core!.access,
      photo: (pathname, session) => core!.photo(pathname, session),
      feed,
      box: opts.box,
      bindAddress: opts.bindAddress,
      mdns: opts.mdns,
      addresses: opts.addresses,
      log: opts.log,
    });
  }

  function becomeWorkstation(settings: WorkstationSettings): void {
    link = new WorkstationLink({
      dataDir: opts.dataDir,
      settings,
      trustedOrigin: opts.trustedOrigin,
      savePdf: opts.savePdf,
      saveFile: opts.saveFile,
      log: opts.log,
      retryWindowMs: opts.retryWindowMs,
      silenceLimitMs: opts.silenceLimitMs,
    });
    unlinkEvents = link.onEvent(emit);
    link.start();
    emit({ kind: 'connection', mode: link.mode() });
  }

  if (isWorkstationFolder(opts.dataDir)) {
    const settings = readWorkstationSettings(opts.dataDir, opts.box);
    if (!settings) throw new Error('This computer’s workstation file cannot be read. Pair it with the clinic again.');
    becomeWorkstation(settings);
  } else {
    becomeClinic();
  }

  const dispatch: Dispatch = async (sender, method, input): Promise<Envelope<unknown>> => {
    if (link) {
      if (method === 'network.forget' && sender.isMainFrame && isTrustedUrl(sender.url, opts.trustedOrigin)) {
        // Stop being a workstation: the pairing file goes; the host keeps the registration until revoked there.
        unlinkEvents?.();
        link.close();
        link = null;
        forgetWorkstationSettings(opts.dataDir);
        becomeClinic();
        emit({ kind: 'session' });
        return { ok: true, value: hooks.mode() };
      }
      return link.dispatch(sender, method, input);
    }
    return clinicDispatch(sender, method, input);
  };

  return {
    get role(): NetworkRole {
      return link ? 'workstation' : host?.sharing ? 'host' : 'standalone';
    },
    dispatch,
    photo: async (pathname, session = LOCAL_SESSION) =>
      link ? link.photo(pathname) : (core?.photo(pathname, session) ?? { status: 404 }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lockAll: (reason) => {
      if (link) void link.lock();
      else core?.access.lockAll(reason, (session) => !session.startsWith('ws:'));
    },
    get core() {
      return core;
    },
    get host() {
      return host;
    },
    get link() {
      return link;
    },
    start: async () => {
      await host?.resume();
    },
    close: async () => {
      await host?.stop();
      core?.close();
      link?.close();
    },
  };
}
