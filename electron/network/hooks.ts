import { ApiError } from '../../shared/envelope';
import type { FoundHost, HostInspection, HostView, NetworkMode } from '../../shared/network';
import type { Actor } from '../../shared/staff';

/** What the network.* methods ask of this computer's network side (electron/network/station.ts builds it). */
export interface NetworkHooks {
  mode(): NetworkMode;
  findHosts(): Promise<FoundHost[]>;
  inspectHost(address: string, port: number): Promise<HostInspection>;
  pair(input: { address: string; port: number; fingerprint: string; code: string; name: string }): Promise<NetworkMode>;
  forget(): Promise<NetworkMode>;
  host(): HostView;
  share(on: boolean, port: number, actor: Actor): Promise<HostView>;
  newPairingCode(actor: Actor): HostView;
  revoke(id: string, actor: Actor): HostView;
}

const unavailable = (): never => {
  throw new ApiError('CONFLICT', 'Sharing with other computers is not available here.');
};

/** A clinic core built without the network side (most tests, the scripts): on its own, and says so. */
export const standaloneHooks = (clinicName: () => string): NetworkHooks => ({
  mode: () => ({ role: 'standalone', clinicName: clinicName(), workstation: null }),
  findHosts: unavailable,
  inspectHost: unavailable,
  pair: unavailable,
  forget: unavailable,
  host: unavailable,
  share: unavailable,
  newPairingCode: unavailable,
  revoke: unavailable,
});
