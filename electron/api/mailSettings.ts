import { ApiError } from '../../shared/envelope';
import { type CertificateInfo, type MailSettingsFields, type MailSettingsView } from '../../shared/messages';
import { readAppState, writeAppState } from '../db/appStateRepo';
import { recordAudit } from '../db/auditRepo';
import { readMailSettings, writeMailSettings, type StoredMailSettings } from '../db/messagesRepo';
import type { ClinicHandlers } from '../dispatch';
import { fetchServerCertificate } from '../messaging/smtp';
import type { ApiDeps } from './deps';

type Handlers = Pick<ClinicHandlers, 'mailSettings.get' | 'mailSettings.update' | 'mailSettings.test'>;

function view(s: StoredMailSettings, certificate: MailSettingsView['trustedCertificate']): MailSettingsView {
  const { password, trustedCertPem: _pem, trustedFingerprint: _fp, ...rest } = s;
  return { ...rest, passwordSet: password !== '', trustedCertificate: certificate };
}

/** The clinic's own mail account: saving it (the password only ever into the encrypted database) and sending a test message. */
export function mailSettingsHandlers(deps: ApiDeps): Handlers {
  const { db, clock, messaging } = deps;
  /** The trusted certificate's description is kept beside it, read back for the page. */
  const certificateKey = 'mail_trusted_certificate';

  function settingsView(): MailSettingsView {
    const s = readMailSettings(db);
    const described = s.trustedFingerprint ? readAppState(db, certificateKey) : null;
    return view(
      s,
      s.trustedFingerprint
        ? {
            fingerprint: s.trustedFingerprint,
            subject: '',
            issuer: '',
            validTo: '',
            ...(described ? (JSON.parse(described) as Omit<CertificateInfo, 'fingerprint'>) : {}),
          }
        : null,
    );
  }

  /**
   * The settings as the form gives them, with the saved password kept when none was typed and
   * the certificate the owner chose resolved to the one the server actually showed.
   */
  async function resolveAccount(input: MailSettingsFields): Promise<StoredMailSettings> {
    const saved = readMailSettings(db);
    let trustedCertPem: string | null = null;
    if (input.trustedFingerprint !== null) {
      if (input.trustedFingerprint === saved.trustedFingerprint) {
        trustedCertPem = saved.trustedCertPem;
      } else {
        let seen = messaging.certificatesSeen.get(input.trustedFingerprint);
        if (!seen && input.host !== '' && input.security !== 'none') {
          seen = await fetchServerCertificate(input).catch(() => undefined);
        }
        if (!seen || seen.fingerprint !== input.trustedFingerprint) {
          throw new ApiError(
            'INVALID_INPUT',
            'That certificate is not the one the server shows now. Send a test message to see it again.',
            {
              trustedFingerprint: 'Send a test message first, so the app can show you the server’s certificate',
            },
          );
        }
        messaging.certificatesSeen.set(seen.fingerprint, seen);
        trustedCertPem = seen.pem;
      }
    }
    return {
      ...input,
      password: input.password ?? saved.password,
      trustedCertPem,
      trustedFingerprint: trustedCertPem === null ? null : input.trustedFingerprint,
    };
  }

  return {
    'mailSettings.get': () => settingsView(),
    'mailSettings.update': async (input, { staff }) => {
      const next = await resolveAccount(input);
      const before = settingsView();
      const passwordChanged = input.password !== null && input.password !== readMailSettings(db).password;
      db.transaction(() => {
        const atMs = clock.nowMs();
        writeMailSettings(db, next, atMs);
        const seen = next.trustedFingerprint ? messaging.certificatesSeen.get(next.trustedFingerprint) : undefined;
        if (seen) {
          const { pem: _p, fingerprint: _f, ...described } = seen;
          writeAppState(db, certificateKey, JSON.stringify(described));
        }
        // The password itself never reaches the audit trail: only whether it changed.
        recordAudit(db, {
          atMs,
          staff,
          action: 'update',
          entity: 'mail_settings',
          entityId: '1',
          before,
          after: { ...settingsView(), passwordChanged },
        });
      })();
      messaging.settingsChanged();
      return settingsView();
    },
    'mailSettings.test': async ({ settings, to }, { staff }) => {
      const account = await resolveAccount(settings).catch((err: unknown) => {
        // An untrusted certificate is what the test is there to show: test without it.
        if (err instanceof ApiError && err.fields?.trustedFingerprint)
          return resolveAccount({ ...settings, trustedFingerprint: null });
        throw err;
      });
      const result = await messaging.test(account, to, clock.nowMs());
      const atMs = clock.nowMs();
      recordAudit(db, {
        atMs,
        staff,
        action: 'send',
        entity: 'test_message',
        entityId: to,
        patientId: null,
        before: undefined,
        after: { host: account.host, port: account.port, ok: result.ok, problem: result.ok ? null : result.problem.kind },
      });
      return result;
    },
  };
}
