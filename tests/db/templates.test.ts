import { describe, expect, it } from 'vitest';
import { TEMPLATE_KINDS, type TemplateKind } from '../../shared/messages';
import { chart, fullTreatment, testClinic, type TestClinic } from '../support/core';

// The harness clock says Sunday 22 November 2026, 10:00 UTC; the clinic is in London.

async function preview(c: TestClinic, kind: TemplateKind, patientId: number, body = 'Dear {{first_name}}, {{date}}.') {
  return c.call('templates.preview', { kind, subject: 'From {{clinic_name}}', body, smsBody: 'Hi {{first_name}}', patientId });
}

describe('message templates', () => {
  it('lists every kind with its default, saves a change with an audit entry, and refuses an unknown field', async () => {
    const c = await testClinic();
    const list = await c.call('templates.list', {});
    expect(list.map((t) => t.kind).sort()).toEqual([...TEMPLATE_KINDS].sort());
    expect(list.every((t) => t.isDefault)).toBe(true);

    const recall = list.find((t) => t.kind === 'recall')!;
    const { updatedAtMs: _u, isDefault: _d, ...input } = recall;
    const refused = await c.raw('templates.save', { ...input, body: 'Hello {{first_name}}, your {{diagnosis}} is due.' });
    expect(refused).toMatchObject({ ok: false, error: { fields: { body: expect.stringMatching(/diagnosis/) as string } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const saved = await c.call('templates.save', {
      kind: 'recall',
      enabled: false,
      lead: recall.lead,
      subject: 'Time for your visit, {{first_name}}',
      body: 'Dear {{first_name}}, it is time to book. {{clinic_name}}',
      smsBody: 'Time to book, {{first_name}}. {{clinic_name}}',
    });
    const after = saved.find((t) => t.kind === 'recall')!;
    expect(after).toMatchObject({ enabled: false, isDefault: false, subject: 'Time for your visit, {{first_name}}' });
    expect(
      c.core.db.prepare("SELECT entity_id FROM audit_log WHERE entity = 'message_template' AND action = 'update'").pluck().all(),
    ).toEqual(['recall']);
  });

  it('previews every kind with a real patient: their own dates where they have them, a labelled example where not', async () => {
    const c = await testClinic();
    const fresh = await c.patient({ firstName: 'Nadia', lastName: 'Fresh' });
    for (const kind of TEMPLATE_KINDS) {
      const p = await preview(c, kind, fresh);
      expect(p.problems).toEqual([]);
      expect(p.filled).toMatch(/^Dear Nadia, /);
      expect(p.rendered.subject).toBe('From Test Clinic');
      expect(p.note).toMatch(/Nadia/);
    }
    expect((await preview(c, 'recall', fresh)).note).toMatch(/no treatment dates yet: an example date/);
    expect((await preview(c, 'appointment_reminder', fresh)).note).toMatch(/no appointment booked/);
    expect((await preview(c, 'event_preparation', fresh)).note).toMatch(/no event recorded/);
    expect((await preview(c, 'treatment_plan', fresh)).note).toMatch(/no finalised treatment yet/);

    // A treated patient with an appointment and an event: the preview uses them.
    const sarah = await c.injector('Dr Sarah Whitfield');
    const lot = await c.lot();
    const ann = await c.patient({ firstName: 'Ann', lastName: 'Okafor' });
    await c.consent(ann);
    await chart(c, fullTreatment(ann, sarah, lot, '2026-10-01'));
    await c.call('appointments.book', {
      patientId: ann,
      practitionerId: sarah,
      roomId: null,
      type: 'consultation',
      planned: null,
      date: '2026-12-03',
      start: '14:30',
      end: '15:00',
      notes: '',
      overrideReason: '',
      allowPast: false,
    });
    await c.call('events.add', { patientId: ann, eventOn: '2027-05-20', label: 'Wedding' });
    const reminder = await preview(c, 'appointment_reminder', ann, '{{date}} at {{time}} with {{practitioner}}');
    expect(reminder.note).toBe('Ann’s next appointment.');
    expect(reminder.filled).toMatch(/14:30 with Dr Sarah Whitfield$/);
    const event = await preview(c, 'event_preparation', ann, '{{event}} on {{event_date}}');
    expect(event.note).toBe('Ann’s wedding.');
    expect(event.filled).toMatch(/^Wedding on .*2027/);
    expect((await preview(c, 'recall', ann)).note).toBe('Ann’s own dates from the scheduling rules.');
    expect((await preview(c, 'treatment_plan', ann)).note).toMatch(/^Ann’s treatment of 1 Oct 2026/);

    // Problems are reported by part, not thrown: the owner sees them while typing.
    const bad = await c.call('templates.preview', {
      kind: 'recall',
      subject: '{{nope}}',
      body: 'Hi {{first_name}}',
      smsBody: 'Hi {{first_name}}',
      patientId: ann,
    });
    expect(bad.problems.map((p) => p.part)).toEqual(['subject']);
    expect(
      await c.raw('templates.preview', { kind: 'recall', subject: '', body: '', smsBody: '', patientId: 999 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
