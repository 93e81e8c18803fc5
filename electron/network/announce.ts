import { Bonjour, type Service } from 'bonjour-service';
import { SERVICE_TYPE, shortFingerprint, type FoundHost } from '../../shared/network';

/**
 * Options for bonjour-service's multicast-dns. The app uses the defaults (every interface, the
 * standard port and group); tests hand in a socket of their own so no packet leaves the machine.
 */
export type MdnsOptions = Record<string, unknown>;

/** bonjour-service's default for a network error is to throw it, which would take the app down. */
function bonjourOf(options: MdnsOptions | undefined, log?: (m: string, err?: unknown) => void): Bonjour {
  return new Bonjour(options, (err: unknown) => log?.('The network announcement (mDNS) failed', err));
}

/** Announces a sharing host on the clinic's network under the clinic's name (mDNS / DNS-SD). */
export class Announcer {
  private bonjour: Bonjour | null = null;
  private service: Service | null = null;

  constructor(
    private readonly options?: MdnsOptions,
    private readonly log?: (m: string, err?: unknown) => void,
  ) {}

  start(clinicName: string, port: number, fingerprint: string): void {
    this.stop();
    this.bonjour = bonjourOf(this.options, this.log);
    this.service = this.bonjour.publish({
      name: clinicName || 'Clinic Records',
      type: SERVICE_TYPE,
      port,
      // The start of the fingerprint, so a list of hosts can tell two of one name apart; the
      // whole one is read over TLS before pairing, never taken from this announcement.
      txt: { v: '1', fp: shortFingerprint(fingerprint).replace(/ /g, '') },
    });
    this.service.on('error', () => undefined);
  }

  stop(): void {
    this.service?.stop?.();
    this.service = null;
    this.bonjour?.destroy();
    this.bonjour = null;
  }
}

/** The hosts announcing themselves within `waitMs` (a workstation's list to choose from). */
export function findHosts(waitMs = 1500, options?: MdnsOptions): Promise<FoundHost[]> {
  const bonjour = bonjourOf(options);
  const found = new Map<string, FoundHost>();
  const browser = bonjour.find({ type: SERVICE_TYPE }, (s: Service) => {
    // The address the announcement came from reaches the host from here by definition; the
    // addresses it lists may include others of its networks (a VPN, a virtual machine's).
    const ipv4 = (a: string | undefined): a is string => !!a && /^\d+\.\d+\.\d+\.\d+$/.test(a);
    const address = ipv4(s.referer?.address) ? s.referer.address : (s.addresses ?? []).find(ipv4);
    if (!address) return;
    const txt = (s.txt ?? {}) as Record<string, string>;
    found.set(`${address}:${s.port}`, {
      clinicName: s.name,
      address,
      port: s.port,
      announcedFingerprint: typeof txt.fp === 'string' ? txt.fp : '',
    });
  });
  return new Promise((resolve) => {
    setTimeout(() => {
      browser.stop();
      bonjour.destroy();
      resolve([...found.values()].sort((a, b) => a.clinicName.localeCompare(b.clinicName)));
    }, waitMs);
  });
}
