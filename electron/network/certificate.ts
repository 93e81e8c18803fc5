import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import selfsigned from 'selfsigned';

/** A certificate and its private key, both PEM: the host's, or a workstation's own. */
export interface Identity {
  cert: string;
  key: string;
}

/** TLS 1.3 and nothing older, on both ends. */
export const TLS_VERSION = 'TLSv1.3' as const;
const VALID_YEARS = 30;

/**
 * A self-signed certificate with a new P-256 key, made on this computer. Nobody vouches for it:
 * the other side pins its exact fingerprint at pairing instead, so its dates only need to cover
 * the clinic's lifetime (OpenSSL still checks them).
 */
export async function makeIdentity(commonName: string): Promise<Identity> {
  const now = Date.now();
  const made = await selfsigned.generate([{ name: 'commonName', value: commonName.slice(0, 64) || 'Clinic Records' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 60 * 60 * 1000),
    notAfterDate: new Date(now + VALID_YEARS * 365 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    ],
  });
  return { cert: made.cert, key: made.private };
}

/** SHA-256 of a PEM certificate, as "AB:CD:…" (what Node reports for a peer's certificate). */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** The common name a certificate was made for (the clinic's name for a host's). */
export function commonNameOf(certPem: string): string {
  const subject = new X509Certificate(certPem).subject;
  return /^CN=(.*)$/m.exec(subject)?.[1] ?? '';
}

/** The PEM of a DER certificate as a peer presented it. */
export function pemOf(raw: Buffer): string {
  const b64 = raw
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * The certificate a host presents, read over TLS 1.3 without trusting it and without sending a
 * byte of our own: the workstation shows its fingerprint so a person can compare it with the
 * host's screen before pairing.
 */
export function readPeerCertificate(host: string, port: number, timeoutMs = 4000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      minVersion: TLS_VERSION,
      rejectUnauthorized: false,
      // An idle timeout given as an option (the socket's own).
      timeout: timeoutMs,
    });
    socket.once('timeout', () => socket.destroy(new Error('The clinic’s computer did not answer')));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      socket.destroy();
      if (!cert.raw) reject(new Error('The computer at that address presented no certificate'));
      else resolve(pemOf(cert.raw));
    });
    socket.once('error', reject);
  });
}
