import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';
import { clinicDetails, enableKinds, mailSettings, movableClock, ukDates } from '../support/messaging';
import { moveClock } from '../support/moveClock';
import { startSmtpServer, type TestSmtp } from '../support/smtp';
import { parseCsv } from '../../shared/csv';
import { TIMED_KINDS } from '../../shared/messages';

const servers: TestSmtp[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function smtp(o: Parameters<typeof startSmtpServer>[0] = {}) {
  const s = await startSmtpServer(o);
  servers.push(s);
  return s;
}

async function treatedPatient(
  c: TestClinic,
  injectorId: number,
  lotId: number,
  on: string,
  p: Parameters<TestClinic['patient']>[0],
) {
  const id = await c.patient(p);
  await c.consent(id);
  await chart(c, fullTreatment(id, injectorId, lotId, on));
  return id;
}

describe('each kind of message goes on its day, with its fields filled in', () => {
  it('review reminder, appointment reminder, check-in, soft reminder, recall and event preparation reach a real SMTP server once each', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    const server = await smtp();
    const injectorId = await c.injector('Dr Sarah Whitfield');
    const lotId = await c.lot();
    const ann = await treatedPatient(c, injectorId, lotId, '2026-09-01', {
      firstName: 'Annabel',
      preferredName: 'Ann',
      lastName: 'Okafor',
      email: 'ann@example.com',
      contactPreference: 'email',
    });
    await c.call('events.add', { patientId: ann, eventOn: '2027-02-06', label: 'Wedding' });
    await c.call('mailSettings.update', mailSettings(server.port));
    await enableKinds(c, TIMED_KINDS);

    async function sendOn(iso: string) {
      await moveClock(c, clock, iso);
      await c.call('outbox.sendNow', { id: null });
      return server.received.map((r) => r.mail.subject);
    }

    // Glabella with Botox on 1 September: review on 15 September, check-in from 10 November,
    // soft reminder 15 November, recall 8 December; the wedding's ideal window opens 26 December.
    expect(await sendOn('2026-09-13T10:00:00Z')).toEqual([]);
    expect(await sendOn('2026-09-14T08:30:00Z')).toEqual(['Your review at Harbour Aesthetics']);
    const review = server.received[0]!.mail;
    expect(review.text).toContain('Dear Ann,');
    expect(ukDates(review.text ?? '')).toContain('Your follow-up visit is due on Tuesday, 15 September 2026.');
    expect(review.text).toContain('0161 496 0000');
    expect(review.text).toContain('12 Quay Street, Manchester M3 3HN');
    expect((review.to as { text: string }).text).toBe('ann@example.com');
    expect(review.from?.text).toBe('"Harbour Aesthetics" <reception@harbour.test>');
    expect(review.html).toContain('<p style="margin:0 0 14px">Dear Ann,</p>');
    // No clinical detail beyond what the template says.
    expect(review.text).not.toMatch(/botox|glabella|frown|units/i);

    // An appointment booked well ahead gets its reminder 48 hours before.
    await c.call('appointments.book', {
      patientId: ann,
      type: 'check_in',
      planned: null,
      notes: '',
      practitionerId: injectorId,
      roomId: null,
      date: '2026-10-20',
      start: '10:00',
      end: '10:15',
      overrideReason: '',
      allowPast: false,
    });
    expect(await sendOn('2026-10-18T08:30:00Z')).toHaveLength(1);
    expect((await sendOn('2026-10-18T09:30:00Z')).map((s) => ukDates(s ?? ''))).toEqual([
      'Your review at Harbour Aesthetics',
      'Your appointment at Harbour Aesthetics on Tuesday, 20 October 2026',
    ]);
    expect(ukDates(server.received[1]!.mail.text ?? '')).toContain(
      'This is a reminder of your appointment with Dr Sarah Whitfield on Tuesday, 20 October 2026 at 10:00.',
    );

    expect(await sendOn('2026-11-09T12:00:00Z')).toHaveLength(2);
    expect((await sendOn('2026-11-10T09:05:00Z')).at(-1)).toBe('How are you getting on?');
    expect((await sendOn('2026-11-15T09:05:00Z')).at(-1)).toBe('A note from Harbour Aesthetics');
    expect(ukDates(server.received[3]!.mail.text ?? '')).toContain(
      'The effect usually starts to fade around Tuesday, 15 December 2026',
    );
    expect((await sendOn('2026-12-08T09:05:00Z')).at(-1)).toBe('Time to book your next appointment');
    expect(ukDates(server.received[4]!.mail.text ?? '')).toContain(
      'From Tuesday, 8 December 2026 is a good time for your next appointment with Dr Sarah Whitfield.',
    );
    expect((await sendOn('2026-12-26T09:05:00Z')).at(-1)).toBe('Getting ready for Wedding');
    expect(ukDates(server.received[5]!.mail.text ?? '')).toContain(
      'To look your best for Wedding on Saturday, 6 February 2027, we suggest an appointment on or soon after Saturday, 26 December 2026.',
    );

    // Never twice for the same reason: later runs, a restart and the following days add nothing.
    await sendOn('2026-12-27T09:05:00Z');
    await sendOn('2026-12-29T09:05:00Z');
    expect(server.received).toHaveLength(6);
    const sent = c.core.db.prepare("SELECT kind FROM outbox WHERE status = 'sent' ORDER BY id").pluck().all();
    expect(sent).toEqual(['review_reminder', 'appointment_reminder', 'check_in', 'soft_reminder', 'recall', 'event_preparation']);
    // Each Message-ID is the one recorded before sending.
    const ids = c.core.db.prepare('SELECT message_id FROM outbox ORDER BY id').pluck().all();
    expect(server.received.map((r) => r.mail.messageId)).toEqual(ids);
  });
});

describe('who gets what', () => {
  it('skips phone, do-not-contact and already-booked patients, fails visibly without a usable address, exports SMS texts, and records every send', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    const server = await smtp();
    const injectorId = await c.injector('Dr Sarah Whitfield');
    const lotId = await c.lot();
    const on = '2026-09-01';
    const ann = await treatedPatient(c, injectorId, lotId, on, {
      firstName: 'Ann',
      email: 'ann@example.com',
      contactPreference: 'email',
    });
    await treatedPatient(c, injectorId, lotId, on, { firstName: 'Bea', email: 'bea@example.com', contactPreference: 'phone' });
    await treatedPatient(c, injectorId, lotId, on, {
      firstName: 'Cara',
      email: 'cara@example.com',
      contactPreference: 'do_not_contact',
    });
    const dan = await treatedPatient(c, injectorId, lotId, on, { firstName: 'Dan', email: '', contactPreference: 'email' });
    // Passes the patient form's looser check, but is no deliverable address.
    const eve = await treatedPatient(c, injectorId, lotId, on, {
      firstName: 'Eve',
      email: 'eve,smith@example.com',
      contactPreference: 'email',
    });
    const fay = await treatedPatient(c, injectorId, lotId, on, {
      firstName: 'Fay',
      email: 'fay@example.com',
      contactPreference: 'email',
    });
    const gil = await treatedPatient(c, injectorId, lotId, on, {
      firstName: 'Gil',
      phone: '07700 900123',
      contactPreference: 'sms',
    });
    const hal = await treatedPatient(c, injectorId, lotId, on, {
      firstName: 'Hal',
      email: 'hal@example.com',
      contactPreference: 'email',
    });
    // Fay already has her next treatment booked; Hal told reception he does not want to come back this time.
    await c.call('appointments.book', {
      patientId: fay,
      type: 'treatment',
      planned: { product: 'botox', areas: [{ area: 'glabella', units: 20 }] },
      notes: '',
      practitionerId: injectorId,
      roomId: null,
      date: '2026-12-15',
      start: '10:00',
      end: '10:30',
      overrideReason: '',
      allowPast: false,
    });
    await c.call('recall.log', { patientId: hal, outcome: 'declined', snoozeUntil: null, note: 'Not this time' });
    await c.call('mailSettings.update', mailSettings(server.port, { smsMode: 'csv' }));
    await enableKinds(c, ['recall']);

    await moveClock(c, clock, '2026-12-08T09:30:00Z');
    await c.call('outbox.sendNow', { id: null });
    await c.call('outbox.sendNow', { id: null });
    expect(server.received.map((r) => r.envelopeTo)).toEqual([['ann@example.com']]);

    const view = await c.call('outbox.list', { status: 'all', limit: 50 });
    const byName = Object.fromEntries(view.rows.map((m) => [m.patientName.split(' ')[0]!, m] as const));
    expect(Object.keys(byName).sort()).toEqual(['Ann', 'Dan', 'Eve', 'Gil']);
    // "Send now" was pressed by the owner: the message is recorded as sent by them.
    expect(byName.Ann).toMatchObject({ status: 'sent', channel: 'email', recipient: 'ann@example.com', sentBy: 'Clinic Owner' });
    expect(byName.Dan).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^There is no e-mail address/) as string,
    });
    expect(byName.Eve).toMatchObject({
      status: 'failed',
      lastError: '“eve,smith@example.com” is not a valid e-mail address. Correct it on the patient’s record, then press Retry.',
    });
    expect(byName.Gil).toMatchObject({ status: 'queued', channel: 'sms', recipient: '07700 900123' });
    expect(view.smsToExport).toBe(1);

    // The sent e-mail is in the recall list's contact history and the patient's messages, and audited.
    const recall = await c.call('recall.list', {
      from: '2026-11-01',
      to: '2026-12-31',
      practitionerId: null,
      area: null,
      overdueOnly: false,
      status: 'all',
    });
    expect(recall.rows.find((r) => r.patientId === ann)).toMatchObject({
      status: 'contacted',
      lastOutcome: 'email_sent',
      lastContactBy: 'Clinic Owner',
    });
    const annMessages = await c.call('outbox.ofPatient', { patientId: ann });
    expect(annMessages).toHaveLength(1);
    expect(annMessages[0]).not.toHaveProperty('text');
    expect(
      c.core.db.prepare("SELECT staff_name, patient_id FROM audit_log WHERE action = 'send' AND entity = 'message'").all(),
    ).toEqual([{ staff_name: 'Clinic Owner', patient_id: ann }]);

    // The SMS text is exported once for the clinic's SMS service, and counts as sent by whoever exported it.
    const csv = await c.call('outbox.exportSms', {});
    expect(csv.count).toBe(1);
    expect(parseCsv(ukDates(csv.csv.replace(/^\uFEFF/, '')))).toEqual([
      ['phone', 'message', 'patient', 'reason', 'about'],
      [
        '07700 900123',
        'Harbour Aesthetics: from Tuesday, 8 December 2026 is a good time for your next appointment. Call 0161 496 0000 to book.',
        'Gil Okafor',
        'Recall',
        '2026-12-08',
      ],
    ]);
    expect((await c.call('outbox.exportSms', {})).count).toBe(0);
    expect((await c.call('outbox.ofPatient', { patientId: gil }))[0]).toMatchObject({
      status: 'sent',
      exported: true,
      sentBy: 'Clinic Owner',
    });

    // Dan's address is added and Eve's corrected: Retry sends to the address on the record now.
    const danRecord = await c.call('patients.get', { id: dan });
    const { id: _d, archived: _a, createdAtMs: _c, updatedAtMs: _u, clinicalHidden: _h, ...danFields } = danRecord;
    await c.call('patients.update', { id: dan, patient: { ...danFields, dob: danFields.dob ?? '', email: 'dan@example.com' } });
    await c.call('outbox.retry', { id: byName.Dan!.id });
    expect(server.received.map((r) => r.envelopeTo[0])).toEqual(['ann@example.com', 'dan@example.com']);
    // A message already sent cannot be retried or cancelled.
    const refused = await c.raw('outbox.cancel', { id: byName.Ann!.id, reason: 'changed my mind' });
    expect(refused.ok || refused.error.code).toBe('CONFLICT');
    const cancelled = await c.call('outbox.cancel', { id: byName.Eve!.id, reason: 'Will call instead' });
    expect(cancelled.rows.find((m) => m.id === byName.Eve!.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Will call instead (Clinic Owner)',
    });
    expect(eve).toBeGreaterThan(0);
  });

  it('cancels a waiting message when the patient books, opts out or is archived before it goes', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    const port = (await smtp()).port;
    const injectorId = await c.injector();
    const lotId = await c.lot();
    const ann = await treatedPatient(c, injectorId, lotId, '2026-09-01', {
      firstName: 'Ann',
      email: 'ann@example.com',
      contactPreference: 'email',
    });
    const bea = await treatedPatient(c, injectorId, lotId, '2026-09-01', {
      firstName: 'Bea',
      email: 'bea@example.com',
      contactPreference: 'email',
    });
    // Sending at 17:00: the recall is planned in the morning and waits until then.
    await c.call('mailSettings.update', mailSettings(port, { sendFrom: '17:00' }));
    await enableKinds(c, ['recall']);
    await moveClock(c, clock, '2026-12-08T09:30:00Z');
    await c.call('outbox.sendNow', { id: null });
    expect((await c.call('outbox.list', { status: 'queued', limit: 10 })).total).toBe(2);
    const annRecord = await c.call('patients.get', { id: ann });
    const { id: _i, archived: _a, createdAtMs: _c, updatedAtMs: _u, clinicalHidden: _h, ...fields } = annRecord;
    await c.call('patients.update', {
      id: ann,
      patient: { ...fields, dob: fields.dob ?? '', contactPreference: 'do_not_contact' },
    });
    await c.call('patients.setArchived', { id: bea, archived: true });
    await moveClock(c, clock, '2026-12-08T17:05:00Z');
    const after = await c.call('outbox.sendNow', { id: null });
    expect(after.rows.map((m) => [m.patientName.split(' ')[0], m.status, m.cancelReason])).toEqual([
      ['Bea', 'cancelled', 'The patient’s record was archived'],
      ['Ann', 'cancelled', 'The patient asked not to be contacted'],
    ]);
  });
});

describe('text messages through an e-mail-to-SMS gateway', () => {
  it('sends the text, digits only in the address pattern, to the gateway through the clinic’s mail server', async () => {
    const clock = movableClock('2026-09-01T12:00:00Z');
    const c = await testClinic('', { clock });
    await clinicDetails(c);
    const server = await smtp();
    const injectorId = await c.injector();
    const lotId = await c.lot();
    const gil = await treatedPatient(c, injectorId, lotId, '2026-09-01', {
      firstName: 'Gil',
      phone: '+44 7700 900123',
      contactPreference: 'sms',
    });
    const refused = await c.raw(
      'mailSettings.update',
      mailSettings(server.port, { smsMode: 'gateway', smsGateway: 'sms.example.com' }),
    );
    expect(refused.ok || refused.error.fields).toHaveProperty('smsGateway');
    await c.call('mailSettings.update', mailSettings(server.port, { smsMode: 'gateway', smsGateway: '{phone}@sms.example.com' }));
    await enableKinds(c, ['recall']);
    await moveClock(c, clock, '2026-12-08T09:30:00Z');
    await c.call('outbox.sendNow', { id: null });
    expect(server.received.map((r) => r.envelopeTo)).toEqual([['447700900123@sms.example.com']]);
    expect(ukDates(server.received[0]!.mail.text?.trim() ?? '')).toBe(
      'Harbour Aesthetics: from Tuesday, 8 December 2026 is a good time for your next appointment. Call 0161 496 0000 to book.',
    );
    expect(server.received[0]!.mail.html).toBe(false);
    expect((await c.call('outbox.ofPatient', { patientId: gil }))[0]).toMatchObject({
      channel: 'sms',
      status: 'sent',
      exported: false,
    });
    // Nothing waits for a CSV export when texts go through the gateway.
    expect((await c.call('outbox.list', { status: 'all', limit: 5 })).smsToExport).toBe(0);
  });
});

describe('the take-home plan', () => {
  it('is e-mailed once per request, only from a finalised treatment, only to a usable address, and only by clinical staff', async () => {
    const c = await testClinic('2026-11-22T10:00:00Z');
    await clinicDetails(c);
    const server = await smtp();
    await c.call('mailSettings.update', mailSettings(server.port, { sending: false }));
    const injectorId = await c.injector('Dr Sarah Whitfield');
    const lotId = await c.lot();
    const ann = await c.patient({ firstName: 'Ann', email: 'ann@example.com', contactPreference: 'phone' });
    await c.consent(ann);
    const treatmentId = await chart(c, fullTreatment(ann, injectorId, lotId, '2026-11-22'));

    const plan = await c.call('plan.get', { treatmentId });
    expect(plan).toMatchObject({ paper: 'A4', email: 'ann@example.com', emailRefusal: null, emailed: [] });
    expect(ukDates(plan.text)).toContain('- Review visit: Sunday, 6 December 2026');
    expect(plan.text).toContain('- Frown lines (glabella), Botox Cosmetic');
    // No event recorded: its line is left out, the general advice stays.
    expect(plan.text).toContain('# Planning for an event\nFor a wedding, a holiday or another big day');

    const requestKey = crypto.randomUUID();
    await c.call('plan.email', { treatmentId, requestKey });
    const again = await c.call('plan.email', { treatmentId, requestKey });
    expect(server.received).toHaveLength(1);
    expect(again.emailed).toEqual([expect.objectContaining({ status: 'sent', recipient: 'ann@example.com' })]);
    await c.call('plan.email', { treatmentId, requestKey: crypto.randomUUID() });
    expect(server.received).toHaveLength(2);

    const { treatment: draft } = await c.call('treatments.saveDraft', {
      id: null,
      treatment: fullTreatment(ann, injectorId, lotId, '2026-11-22'),
    });
    const notFinal = await c.raw('plan.get', { treatmentId: draft.id });
    expect(notFinal.ok || notFinal.error.code).toBe('CONFLICT');

    const bea = await c.patient({ firstName: 'Bea', email: '', contactPreference: 'email' });
    await c.consent(bea);
    const beaTreatment = await chart(c, fullTreatment(bea, injectorId, lotId, '2026-11-22'));
    expect((await c.call('plan.get', { treatmentId: beaTreatment })).emailRefusal).toMatch(/^There is no e-mail address/);
    const refused = await c.raw('plan.email', { treatmentId: beaTreatment, requestKey: crypto.randomUUID() });
    expect(refused.ok || refused.error.code).toBe('CONFLICT');

    await c.person('Rosa Reception', 'reception', 'desk');
    const reception = await c.raw('plan.get', { treatmentId }, 'desk');
    expect(reception.ok || reception.error.code).toBe('NOT_PERMITTED');
    // Reception sees in the outbox that the plan went, not what it says.
    const outbox = await c.call('outbox.list', { status: 'all', limit: 10 }, 'desk');
    expect(outbox.rows[0]!.text).toBe('(The plan’s text is shown to practitioners only.)');
    expect((await c.call('outbox.list', { status: 'all', limit: 10 })).rows[0]!.text).toContain('Frown lines (glabella)');
  });
});
