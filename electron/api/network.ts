import type { Handlers } from '../dispatch';
import type { NetworkHooks } from '../network/hooks';
import type { ApiDeps } from './deps';

/**
 * Before anyone signs in: how this computer takes part, finding and pairing with a clinic's
 * computer. The contract marks all but network.mode local-only, so a workstation cannot ask the
 * host to pair or forget anything over the network.
 */
export function networkPublicHandlers(
  hooks: NetworkHooks,
): Pick<Handlers, 'network.mode' | 'network.findHosts' | 'network.inspectHost' | 'network.pair' | 'network.forget'> {
  return {
    'network.mode': () => hooks.mode(),
    'network.findHosts': () => hooks.findHosts(),
    'network.inspectHost': ({ address, port }) => hooks.inspectHost(address, port),
    'network.pair': (input) => hooks.pair(input),
    'network.forget': () => hooks.forget(),
  };
}

/** The host screen: sharing, pairing codes, the workstations and who is signed in where (the owner, at the host). */
export function networkHandlers(
  deps: ApiDeps,
): Pick<Handlers, 'network.host' | 'network.share' | 'network.newPairingCode' | 'network.revoke'> {
  const hooks = () => deps.network;
  return {
    'network.host': () => hooks().host(),
    'network.share': ({ on, port }, { staff }) => hooks().share(on, port, staff),
    'network.newPairingCode': (_input, { staff }) => hooks().newPairingCode(staff),
    'network.revoke': ({ id }, { staff }) => hooks().revoke(id, staff),
  };
}
