import dgram from 'node:dgram';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/auth/crypto';
import { createStation } from '../../electron/network/station';
import { shortFingerprint } from '../../shared/network';
import { computer, hostComputer } from '../support/network';
import { tempDir } from '../support/tempDir';

// Finding the clinic's computer by its mDNS announcement (bonjour-service), for real: multicast
// DNS packets on this machine's loopback interface, on a UDP port of the test's own (so nothing
// leaves the machine, and no other mDNS responder or test run is heard).

/** A UDP port nothing listens on now. */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '0.0.0.0', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * multicast-dns options for a network of this test's own: sent out of (and the group joined on)
 * the loopback interface, the socket bound to every address so that packets sent to the group
 * reach it.
 */
async function loopbackMdns() {
  return { interface: '127.0.0.1', bind: '0.0.0.0', port: await freeUdpPort() };
}

/** A computer with nothing set up, looking for the clinic's computer with these mDNS options. */
function freshComputer(mdns: Record<string, unknown>) {
  const dir = tempDir('clinic-ws-');
  return computer(
    createStation({
      dataDir: path.join(dir, 'clinic'),
      demoDir: path.join(dir, 'demo'),
      trustedOrigin: 'app://clinic',
      kdf: TEST_KDF,
      messageIntervalMs: 0,
      backupCheckMs: 0,
      mdns,
      retryWindowMs: 3000,
      silenceLimitMs: 10_000,
    }),
    dir,
  );
}

describe('finding the clinic’s computer on the network (mDNS)', { timeout: 30_000 }, () => {
  it('a sharing host is found under the clinic’s name, at an address that reaches it, and pairs from there', async () => {
    const mdns = await loopbackMdns();
    const host = await hostComputer({ extra: { mdns } });
    const own = (await host.call('network.host', {})).fingerprint!;
    const ws = freshComputer(mdns);

    const found = await ws.call('network.findHosts', {});
    expect(found).toEqual([
      {
        clinicName: 'Harbour Aesthetics',
        // The announcement came over loopback: that address, where this host listens (127.0.0.1 only).
        address: '127.0.0.1',
        port: host.port,
        announcedFingerprint: shortFingerprint(own).replace(/ /g, ''),
      },
    ]);

    // The workstation takes it from the list: the fingerprint read over TLS is the host's, and pairing works.
    const [choice] = found;
    const seen = await ws.call('network.inspectHost', { address: choice!.address, port: choice!.port });
    expect(seen).toMatchObject({ clinicName: 'Harbour Aesthetics', fingerprint: own });
    const { pairing } = await host.call('network.newPairingCode', {});
    const mode = await ws.call('network.pair', {
      address: choice!.address,
      port: choice!.port,
      fingerprint: seen.fingerprint,
      code: pairing!.code,
      name: 'Room 3',
    });
    expect(mode.workstation).toMatchObject({ name: 'Room 3', hostAddress: `127.0.0.1:${host.port}` });
    await ws.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'online');
  });

  it('a host that stops sharing is no longer announced; one that was never sharing is not found', async () => {
    const mdns = await loopbackMdns();
    const host = await hostComputer({ extra: { mdns } });
    const ws = freshComputer(mdns);
    expect((await ws.call('network.findHosts', {})).map((h) => h.clinicName)).toEqual(['Harbour Aesthetics']);

    await host.call('network.share', { on: false, port: host.port });
    expect(await ws.call('network.findHosts', {})).toEqual([]);

    // A clinic computer that has not switched sharing on says nothing on the network.
    const quiet = await hostComputer({ extra: { mdns }, share: false });
    expect((await quiet.call('network.host', {})).sharing).toBe(false);
    expect(await ws.call('network.findHosts', {})).toEqual([]);
  });
});
