import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import ICAL from 'ical.js';
import type { BookingInput } from '../../shared/calendar';
import { expect, test, type ClinicHarness } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';

// The harness clock: Sunday 22 November 2026, 10:00 in London. Tuesday 24th is open 09:00–18:00.
const DAY = '2026-11-24';

function slot(
  patientId: number,
  practitionerId: number,
  start: string,
  end: string,
  over: Partial<BookingInput> = {},
): BookingInput {
  return {
    patientId,
    practitionerId,
    roomId: null,
    type: 'consultation',
    planned: null,
    date: DAY,
    start,
    end,
    notes: '',
    overrideReason: '',
    allowPast: false,
    ...over,
  };
}

async function openBooking(page: Page, search: string) {
  await page.getByRole('button', { name: 'New booking' }).click();
  const dialog = page.getByRole('dialog', { name: 'New booking' });
  await dialog.getByLabel('Patient', { exact: true }).fill(search);
  await expect(dialog.getByRole('listbox', { name: 'Matching patients' }).getByRole('option').first()).toBeVisible();
  await dialog.getByLabel('Patient', { exact: true }).press('Enter');
  return dialog;
}

function countAppointments(clinic: ClinicHarness): number {
  return clinic.core.db.prepare('SELECT count(*) FROM appointments').pluck().get() as number;
}

test('reception books from the keyboard, sees the appointment in the day view, and a double booking is refused with nothing saved', async ({
  clinic,
  page,
}) => {
  await seedPractice(clinic);
  await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  await seedPatient(clinic, { firstName: 'Bea', lastName: 'Brown', phone: '07000 111222' });
  await clinic.goto(`calendar/day/${DAY}`);
  let dialog = await openBooking(page, 'oka');
  await expect(dialog.getByTestId('booking-patient')).toHaveText('Ann Okafor');
  // The patient chosen with Enter, the keyboard goes on from the booking's first field.
  await expect(dialog.getByLabel('Type')).toBeFocused();
  await dialog.getByLabel('Practitioner').selectOption({ label: 'Dr Sarah Whitfield' });
  // A date that is not one: refused at its field, the keyboard put back on it, nothing booked.
  const dateField = dialog.getByLabel('Date', { exact: true });
  await dateField.fill('tomorrow');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(dialog.getByText('Enter a real date', { exact: true })).toBeVisible();
  await expect(dateField).toBeFocused();
  expect(countAppointments(clinic)).toBe(0);
  await dateField.fill(DAY);
  await dialog.getByLabel('Start').fill('10:00');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Booked: Ann Okafor, consultation on 24 Nov 2026 at 10:00 with Dr Sarah Whitfield.' }),
  ).toBeVisible();
  await expect(page.locator('.rbc-event', { hasText: 'Ann Okafor' })).toBeVisible();
  // The dialog gone, the keyboard is back on the button that opened it, not at the top of the page.
  await expect(page.getByRole('button', { name: 'New booking' })).toBeFocused();

  dialog = await openBooking(page, 'brown');
  await dialog.getByLabel('Practitioner').selectOption({ label: 'Dr Sarah Whitfield' });
  await dialog.getByLabel('Date', { exact: true }).fill(DAY);
  await dialog.getByLabel('Start').fill('10:15');
  // What is in the way is said under its field as the booking is put together, before Book.
  await expect(dialog.locator('#booking-start-error')).toHaveText('Dr Sarah Whitfield already sees Ann Okafor at 10:00–10:30');
  await expect(dialog.getByRole('list', { name: 'Cannot book yet' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(dialog.locator('#booking-start-error')).toHaveText('Dr Sarah Whitfield already sees Ann Okafor at 10:00–10:30');
  expect(countAppointments(clinic)).toBe(1);
  await dialog.getByLabel('Date', { exact: true }).fill('29/11/2026');
  await expect(dialog.locator('#booking-date-error')).toHaveText('The clinic is closed on Sundays');
  await expect(dialog.locator('#booking-start-error')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(dialog.locator('#booking-date-error')).toHaveText('The clinic is closed on Sundays');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(countAppointments(clinic)).toBe(1);
});

test('a treatment booked too soon needs a written reason; a blocked patient can only have a consultation', async ({
  clinic,
  page,
}) => {
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  await seedTreatment(clinic, ann, ids, '2026-10-01');
  await seedPatient(clinic, { firstName: 'Cat', lastName: 'Cole', flags: ['pregnant'] });
  await clinic.goto(`calendar/day/${DAY}`);

  let dialog = await openBooking(page, 'okafor');
  // Treated before: the booking starts as a treatment of a treatment's length, as from her page.
  await expect(dialog.getByLabel('Type')).toHaveValue('treatment');
  await dialog.getByLabel('Practitioner').selectOption({ label: 'Dr Sarah Whitfield' });
  await dialog.getByLabel('Start').fill('11:00');
  // "Last time" fills in what will be given.
  await expect(dialog.getByLabel('Units for Frown lines (glabella)')).toHaveValue('20');
  const findings = dialog.getByRole('list', { name: 'Booking check' });
  await expect(findings).toContainText('Warning:');
  await expect(dialog.getByRole('group', { name: 'Suggested dates' })).toContainText('Recall date: 7 Jan 2027');
  await expect(dialog.getByRole('button', { name: 'Book' })).toBeDisabled();
  await dialog.getByLabel('Reason for booking despite the warnings').fill('Asymmetry; prescriber agreed');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByRole('complementary', { name: 'Appointment: Ann Okafor' })).toContainText(
    'Asymmetry; prescriber agreed',
  );
  expect(clinic.core.db.prepare('SELECT override_reason FROM appointments').pluck().get()).toBe('Asymmetry; prescriber agreed');

  dialog = await openBooking(page, 'cole');
  // Never treated: a consultation, until the user says otherwise.
  await expect(dialog.getByLabel('Type')).toHaveValue('consultation');
  await dialog.getByLabel('Type').selectOption('treatment');
  await dialog.getByLabel('Practitioner').selectOption({ label: 'Dr Sarah Whitfield' });
  await dialog.getByLabel('Start').fill('12:00');
  await dialog.getByLabel('Add area').selectOption({ label: 'Frown lines (glabella)' });
  await dialog.getByLabel('Units for Frown lines (glabella)').fill('20');
  await expect(findings.or(dialog.getByRole('list', { name: 'Booking check' }))).toContainText('Stops the treatment');
  await expect(dialog.getByText('A treatment cannot be booked for this patient now.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Book' })).toBeDisabled();
  await dialog.getByLabel('Type').selectOption('consultation');
  await dialog.getByRole('button', { name: 'Book' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booked: Cat Cole, consultation' })).toBeVisible();
  expect(countAppointments(clinic)).toBe(2);
});

test('an appointment is moved without dragging, a clash is refused, it is cancelled with a reason, and its history shows every change', async ({
  clinic,
  page,
}) => {
  const { injectorId } = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  const bea = await seedPatient(clinic, { firstName: 'Bea', lastName: 'Brown', phone: '07000 111222' });
  await clinic.call('appointments.book', slot(ann, injectorId, '10:00', '10:30'));
  await clinic.call('appointments.book', slot(bea, injectorId, '15:00', '15:30'));
  await clinic.goto(`calendar/day/${DAY}`);
  const event = page.locator('.rbc-event', { hasText: 'Ann Okafor' });
  await event.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('complementary', { name: 'Appointment: Ann Okafor' });
  await panel.getByRole('button', { name: 'Move…' }).click();
  const move = panel.getByRole('group', { name: 'Move appointment' });
  await move.getByLabel('Start').fill('15:15');
  await move.getByLabel('End').fill('15:45');
  await move.getByRole('button', { name: 'Save new time' }).click();
  await expect(move.locator('#move-start-error')).toHaveText('Dr Sarah Whitfield already sees Bea Brown at 15:00–15:30');
  await move.getByLabel('Start').fill('14:00');
  await move.getByLabel('End').fill('14:30');
  await move.getByRole('button', { name: 'Save new time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ann Okafor moved to 24 Nov 2026 at 14:00.' })).toBeVisible();
  await expect(event).toContainText('14:00 – 14:30');

  await panel.getByRole('button', { name: 'Cancel…' }).click();
  await panel.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(panel.locator('#cancel-reason-error')).toHaveText('Say why it is cancelled');
  await panel.getByLabel('Reason for cancelling').fill('Patient unwell');
  await panel.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(panel).toContainText('Cancelled');
  await expect(panel.getByRole('list', { name: 'Appointment history' })).toContainText(
    'Moved from 24 Nov 2026 10:00–10:30 to 24 Nov 2026 14:00–14:30',
  );
  await expect(panel.getByRole('list', { name: 'Appointment history' })).toContainText('Cancelled: Patient unwell');
  expect(
    clinic.core.db.prepare("SELECT status || ' ' || cancel_reason FROM appointments WHERE patient_id = ?").pluck().get(ann),
  ).toBe('cancelled Patient unwell');
});

test('in the day view a half-hour appointment keeps to one line, cut with an ellipsis and whole in its tooltip; a longer one wraps', async ({
  clinic,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { injectorId } = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Annabel-Louise', lastName: 'Okafor-Whitfield' });
  const bea = await seedPatient(clinic, { firstName: 'Beatrice', lastName: 'Brown' });
  await clinic.call('appointments.book', slot(ann, injectorId, '10:00', '10:30'));
  await clinic.call('appointments.book', slot(bea, injectorId, '14:00', '15:00'));
  await clinic.goto(`calendar/day/${DAY}`);
  const content = (name: string) => page.locator('.rbc-event', { hasText: name }).locator('.rbc-event-content');
  const style = (name: string) =>
    content(name).evaluate((el) => {
      const s = getComputedStyle(el);
      return { whiteSpace: s.whiteSpace, overflow: s.textOverflow };
    });
  expect(await style('Okafor-Whitfield')).toEqual({ whiteSpace: 'nowrap', overflow: 'ellipsis' });
  expect((await style('Beatrice Brown')).whiteSpace).not.toBe('nowrap');
  await expect(page.locator('.rbc-event', { hasText: 'Okafor-Whitfield' })).toHaveAttribute(
    'title',
    /Annabel-Louise Okafor-Whitfield/,
  );
});

test('dragging an appointment moves it through the same checks', async ({ clinic, page }) => {
  const { injectorId } = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  await clinic.call('appointments.book', slot(ann, injectorId, '10:00', '10:30'));
  await clinic.goto(`calendar/day/${DAY}`);
  const event = page.locator('.rbc-event', { hasText: 'Ann Okafor' });
  const box = (await event.boundingBox())!;
  const hour = (await page.locator('.rbc-timeslot-group').first().boundingBox())!.height;
  await page.mouse.move(box.x + box.width / 2, box.y + 8);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2, box.y + 8 + (hour * i) / 10);
  await page.mouse.up();
  await expect(page.getByRole('status').filter({ hasText: 'Ann Okafor moved to 2026-11-24 at 11:00.' })).toBeVisible();
  expect(clinic.core.db.prepare('SELECT starts_at_ms FROM appointments').pluck().get()).toBe(Date.parse('2026-11-24T11:00:00Z'));
});

test('the printed day sheet of a 60-appointment day holds every appointment and its flags, over several pages, with no row split', async ({
  clinic,
  page,
}) => {
  test.setTimeout(60_000);
  const { injectorId } = await seedPractice(clinic);
  const team = [injectorId];
  for (const name of ['Nurse James Okoro', 'Dr Priya Raman', 'Nurse Elena Novak']) {
    team.push((await clinic.call('team.add', { name, role: 'practitioner', registration: '' })).find((m) => m.name === name)!.id);
  }
  const first = ['Ann', 'Bea', 'Cy', 'Di', 'Eve', 'Flo'];
  const last = ['Adams', 'Brown', 'Carter', 'Dunn', 'Evans', 'Fox', 'Grant', 'Hale', 'Irwin', 'Jones'];
  const people: string[] = [];
  for (let i = 0; i < 60; i++) {
    const [f, l] = [first[i % 6]!, last[Math.floor(i / 6)]!];
    const extra = i % 7 === 0 ? { allergies: 'Latex' } : i % 11 === 0 ? { flags: ['anticoagulants' as const] } : {};
    const id = await seedPatient(
      clinic,
      { firstName: f, lastName: l, phone: `07000 ${String(100000 + i)}`, ...extra },
      i % 5 === 0 ? null : '2026-01-10',
    );
    const practitioner = team[i % 4]!;
    const minute = 9 * 60 + Math.floor(i / 4) * 30;
    const t = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const notes = i === 3 ? { notes: 'Asks for a numbing cream' } : {};
    await clinic.call('appointments.book', slot(id, practitioner, t(minute), t(minute + 30), notes));
    people.push(`${f} ${l}`);
  }
  await clinic.goto(`calendar/sheet/${DAY}/1`);
  await expect(page.getByRole('article', { name: 'Day sheet' }).locator('tbody tr')).toHaveCount(60);
  await page.getByRole('button', { name: 'Save as PDF' }).click();
  await expect(page.getByRole('status')).toContainText('Saved to');
  const pdf = (await page.getByRole('status').textContent())!.replace(/^Saved to /, '');
  const { execFileSync } = await import('node:child_process');
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  expect(pages).toBeGreaterThanOrEqual(3);
  // A clinic in the United Kingdom prints on A4.
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  const all = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  for (const p of people) expect(all).toContain(p);
  expect(all.match(/Allergy: Latex/g)).toHaveLength(9);
  expect(all.match(/Takes anticoagulants/g)).toHaveLength(5);
  expect(all.match(/No consent in force/g)).toHaveLength(12);
  expect(all.match(/First visit/g)).toHaveLength(60);
  // The booking's notes are on the sheet, under its type.
  expect(all.match(/Asks for a numbing cream/g)).toHaveLength(1);
  expect(all).toContain(`Page 1 of ${pages}`);
  // Each appointment is whole on one page: its name and its phone number are on the same page.
  const found = new Map<string, number>();
  for (let n = 1; n <= pages; n++) {
    const text = execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-']).toString();
    expect(text).toMatch(/Tuesday,? 24 November 2026/);
    people.forEach((p, i) => {
      if (text.includes(p)) {
        expect(text, `${p} on page ${n}`).toContain(`07000 ${String(100000 + i)}`);
        found.set(p, (found.get(p) ?? 0) + 1);
      }
    });
  }
  expect([...found.values()].every((v) => v === 1)).toBe(true);
  expect(found.size).toBe(60);
  fs.copyFileSync(pdf, test.info().outputPath('day-sheet.pdf'));

  // One page per practitioner: each page holds one practitioner's appointments, under their name.
  await page.getByLabel('One page per practitioner').check();
  await page.getByRole('button', { name: 'Save as PDF' }).click();
  await expect(page.getByRole('status')).toContainText('Saved to');
  const split = (await page.getByRole('status').textContent())!.replace(/^Saved to /, '');
  const names = ['Dr Sarah Whitfield', 'Nurse James Okoro', 'Dr Priya Raman', 'Nurse Elena Novak'];
  const splitPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [split]).toString())![1]);
  const seen = new Set<string>();
  for (let n = 1; n <= splitPages; n++) {
    const text = execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), split, '-']).toString();
    const on = names.filter((name) => text.includes(`· ${name}`));
    expect(on, `page ${n}`).toHaveLength(1);
    seen.add(on[0]!);
    // Only that practitioner's patients: every fourth person was booked with each.
    people.forEach((p, i) => {
      if (text.includes(p)) expect(names[i % 4], `${p} on page ${n}`).toBe(on[0]);
    });
  }
  expect([...seen].sort()).toEqual([...names].sort());
});

test('a practitioner’s schedule exports as iCalendar that a real parser reads', async ({ clinic, page }) => {
  const { injectorId } = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  await clinic.call('appointments.book', slot(ann, injectorId, '10:00', '10:30'));
  await clinic.call('appointments.book', slot(ann, injectorId, '10:00', '10:45', { date: '2027-04-06' }));
  await clinic.goto(`calendar/day/${DAY}`);
  await page.getByLabel('Practitioner').selectOption({ label: 'Dr Sarah Whitfield' });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ics' }).click();
  const file = await download;
  // The day shown, for the practitioner chosen; patients by their initials unless the clinic chose full names.
  expect(file.suggestedFilename()).toBe('Dr-Sarah-Whitfield-2026-11-24-to-2026-11-24.ics');
  const read = async (f: typeof file) =>
    new ICAL.Component(ICAL.parse(fs.readFileSync(await f.path(), 'utf8')) as unknown[])
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v))
      .map((e) => [e.summary, e.startDate.toJSDate().toISOString()]);
  expect(await read(file)).toEqual([['Consultation: A.O.', '2026-11-24T10:00:00.000Z']]);
  // The month shown for everyone: the file covers the weeks on screen, each title with its practitioner.
  await page.getByLabel('Practitioner').selectOption({ label: 'Everyone' });
  await page.getByRole('button', { name: 'Month', exact: true }).click();
  const monthDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ics' }).click();
  const month = await monthDownload;
  expect(month.suggestedFilename()).toBe('Everyone-2026-10-26-to-2026-12-06.ics');
  expect(await read(month)).toEqual([['Consultation: A.O. (Dr Sarah Whitfield)', '2026-11-24T10:00:00.000Z']]);
});

test('the Today screen shows the day per practitioner and records an arrival', async ({ clinic, page }) => {
  const { injectorId } = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  // Saturdays are open 09:00–13:00 by default: make today (Sunday) open so there is a day to show.
  const settings = await clinic.call('settings.get', {});
  await clinic.call('settings.update', {
    ...settings,
    name: 'Harbour Aesthetics',
    openingHours: settings.openingHours.map((h) => (h.day === 'sun' ? { ...h, open: true, opens: '09:00', closes: '17:00' } : h)),
  });
  await clinic.call('appointments.book', slot(ann, injectorId, '11:00', '11:30', { date: '2026-11-22' }));
  await clinic.goto('today');
  const list = page.getByRole('list', { name: 'Today with Dr Sarah Whitfield' });
  await expect(list).toContainText('Ann Okafor');
  await expect(page.getByTestId('today-count')).toHaveText('1');
  await page.getByRole('button', { name: 'Ann Okafor has arrived' }).click();
  await expect(list).toContainText('Arrived');
  expect(clinic.core.db.prepare('SELECT status FROM appointments').pluck().get()).toBe('arrived');
});

test('the agenda lists the week day by day, a table for each day with appointments, and a name opens its appointment from the keyboard', async ({
  clinic,
  page,
}) => {
  const { injectorId } = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  const bea = await seedPatient(clinic, { firstName: 'Bea', lastName: 'Brown', phone: '07000 111222' });
  await clinic.call('appointments.book', slot(bea, injectorId, '14:00', '14:30', { type: 'check_in' }));
  await clinic.call('appointments.book', slot(ann, injectorId, '10:00', '10:30'));
  await clinic.call('appointments.book', slot(ann, injectorId, '09:30', '10:00', { date: '2026-11-26' }));
  await clinic.goto(`calendar/agenda/${DAY}`);
  const tuesday = page.getByRole('table', { name: 'Tuesday 24 November (2 appointments)' });
  await expect(tuesday.locator('tbody tr')).toHaveText([
    /^10:00–10:30\s*Ann Okafor\s*Consultation\s*Dr Sarah Whitfield$/,
    /^14:00–14:30\s*Bea Brown\s*Check-in\s*Dr Sarah Whitfield$/,
  ]);
  await expect(page.getByRole('table', { name: 'Thursday 26 November (1 appointment)' }).locator('tbody tr')).toHaveText([
    /^09:30–10:00\s*Ann Okafor/,
  ]);
  // A day without appointments has no table.
  await expect(page.getByRole('table')).toHaveCount(2);
  await tuesday.getByRole('button', { name: 'Bea Brown' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Appointment: Bea Brown' })).toContainText('24 Nov 2026 14:00–14:30');
});

test('axe finds no serious or critical problems on the day, week, month and agenda views or the booking dialog', async ({
  clinic,
  page,
}) => {
  // Several full-page axe scans: each takes seconds on a busy two-core machine.
  test.setTimeout(90_000);
  const { injectorId } = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', lastName: 'Okafor' });
  await clinic.call('appointments.book', slot(ann, injectorId, '10:00', '10:30'));
  await clinic.call('appointments.book', slot(ann, injectorId, '12:00', '12:30', { type: 'check_in' }));
  for (const view of ['day', 'week', 'month', 'agenda']) {
    await clinic.goto(`calendar/${view}/${DAY}`);
    await expect(page.locator('.rbc-event, .lean-event, .lean-chip, .lean-agenda').first()).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${view} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await openBooking(page, 'oka');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});
