import type { Clock } from '../../electron/clock';
import type { MailSettingsInput, TemplateKind } from '../../shared/messages';
import { defaultOpeningHours } from '../../shared/settings';
import type { TestClinic } from './core';

/** A clock a test moves: "the next morning", "48 hours before the appointment". */
export function movableClock(iso: string): Clock & { set(iso: string): void; now(): string } {
  let ms = Date.parse(iso);
  return {
    nowMs: () => ms,
    set(next: string) {
      ms = Date.parse(next);
    },
    now: () => new Date(ms).toISOString(),
  };
}

const WEEKDAY_THEN_DAY = /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? (\d)/g;

/**
 * Messages write dates the clinic's way (shared/locale.ts): "Tuesday, 8 December 2026" in the UK
 * with today's ICU data, without the comma with older data. Tests compare in the first form.
 */
export function ukDates(text: string): string {
  return text.replace(WEEKDAY_THEN_DAY, '$1, $2');
}

/** The expected text as a pattern that accepts either form of a UK long date. */
export function ukDatesPattern(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(WEEKDAY_THEN_DAY, '$1,? $2'));
}

export const CLINIC_DETAILS = {
  name: 'Harbour Aesthetics',
  address: '12 Quay Street\nManchester M3 3HN',
  phone: '0161 496 0000',
};

export async function clinicDetails(c: TestClinic, country = 'GB'): Promise<void> {
  await c.call('settings.update', {
    ...CLINIC_DETAILS,
    timeZone: 'Europe/London',
    country,
    openingHours: defaultOpeningHours(),
  });
}

/** The clinic's mail account pointed at a test server on 127.0.0.1. */
export function mailSettings(port: number, extra: Partial<MailSettingsInput> = {}): MailSettingsInput {
  return {
    host: '127.0.0.1',
    port,
    security: 'none',
    user: '',
    password: null,
    fromName: 'Harbour Aesthetics',
    fromAddress: 'reception@harbour.test',
    replyTo: '',
    trustedFingerprint: null,
    sendFrom: '09:00',
    sending: true,
    smsMode: 'off',
    smsGateway: '',
    ...extra,
  };
}

/** Switches kinds on with the wording a new clinic starts with. */
export async function enableKinds(c: TestClinic, kinds: readonly TemplateKind[]): Promise<void> {
  const templates = await c.call('templates.list', {});
  for (const t of templates.filter((x) => kinds.includes(x.kind))) {
    await c.call('templates.save', {
      kind: t.kind,
      enabled: true,
      lead: t.lead,
      subject: t.subject,
      body: t.body,
      smsBody: t.smsBody,
    });
  }
}
