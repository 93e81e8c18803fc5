import { describe, expect, it } from 'vitest';
import type { BookingPreview, CalendarSetup } from '../../shared/calendar';
import {
  bookingInput,
  bookingReducer,
  checkedProblems,
  endOf,
  freeSlotsKey,
  initialBooking,
  previewKey,
  shownFreeSlots,
  shownPreview,
  verdict,
  type BookingAction,
  type BookingState,
} from '../../renderer/src/pages/calendar/bookingState';

const setup: Pick<CalendarSetup, 'typeMinutes'> = {
  typeMinutes: { consultation: 30, treatment: 30, review: 15, touch_up: 15, check_in: 15, other: 30 },
};
const ann = { id: 7, name: 'Ann Okafor' };
const run = (s: BookingState, ...actions: BookingAction[]) => actions.reduce(bookingReducer, s);
const fromRecall = () =>
  initialBooking(
    { date: '2026-12-01', start: '10:00', practitionerId: 2, patient: ann, type: 'treatment', pickFirstFree: true },
    setup,
  );
const preview = (over: Partial<BookingPreview> = {}): BookingPreview => ({ problems: [], rules: null, suggestions: [], ...over });

describe('the booking dialog’s state', () => {
  it('forgets what a refused booking said of when and where once the type, length, date or time changes', () => {
    const refused = run(fromRecall(), {
      type: 'refused',
      errors: { start: 'Dr Whitfield already sees Ann Okafor at 10:00–10:30', notes: 'Too long' },
      message: null,
    });
    for (const change of [
      { type: 'appointmentType', value: 'review', minutes: 15 },
      { type: 'field', field: 'minutes', value: 45 },
      { type: 'field', field: 'date', value: '2026-12-02' },
      { type: 'chooseSlot', slot: { date: '2026-12-02', start: '11:00', end: '11:30' } },
    ] as BookingAction[]) {
      expect(run(refused, change).errors, change.type).toEqual({ notes: 'Too long' });
    }
    // Notes have nothing to do with when: the clash stays said until something it concerns changes.
    expect(run(refused, { type: 'field', field: 'notes', value: 'Short' }).errors).toEqual({
      start: 'Dr Whitfield already sees Ann Okafor at 10:00–10:30',
    });
  });

  it('keeps the last check’s problems under the fields while a changed booking is checked again', () => {
    const s = fromRecall();
    const key = previewKey(s)!;
    const closed = { field: 'date', message: 'The clinic is closed on Sundays' };
    const past = { field: 'date', message: 'This time has already passed: confirm to record a past appointment' };
    const answered = run(s, { type: 'preview', answer: { key, value: preview({ problems: [closed, past] }) } });
    expect(checkedProblems(answered)).toEqual([closed]);
    // The start changed: the answer is for the booking before, and stays until the new one comes.
    const changed = run(answered, { type: 'field', field: 'start', value: '11:00' });
    expect(shownPreview(changed)).toBeNull();
    expect(checkedProblems(changed)).toEqual([closed]);
    // Nothing to check (no practitioner): nothing said.
    expect(checkedProblems(run(answered, { type: 'field', field: 'practitionerId', value: null }))).toEqual([]);
  });

  it('takes the patient’s usual type until a type is given or chosen, with its length unless that was changed', () => {
    const typeMinutes = { ...setup.typeMinutes, consultation: 20, treatment: 45 };
    const usual = (patientId: number, value: 'treatment' | 'consultation'): BookingAction => ({
      type: 'usualType',
      patientId,
      value,
      typeMinutes,
    });
    const fromCalendar = initialBooking({ date: '2026-12-01', start: '10:00', practitionerId: 2 }, { typeMinutes });
    expect(fromCalendar).toMatchObject({ type: 'consultation', minutes: 20, typeChosen: false });
    const chosen = run(fromCalendar, { type: 'choosePatient', patient: ann });
    // A treated patient's booking becomes a treatment of a treatment's length.
    expect(run(chosen, usual(7, 'treatment'))).toMatchObject({ type: 'treatment', minutes: 45 });
    // An answer for a patient no longer chosen changes nothing.
    expect(run(chosen, usual(8, 'treatment'))).toMatchObject({ type: 'consultation', minutes: 20 });
    // A length the user set stays.
    expect(run(chosen, { type: 'field', field: 'minutes', value: 60 }, usual(7, 'treatment'))).toMatchObject({
      type: 'treatment',
      minutes: 60,
    });
    // A type the user chose stays, and so does a type the dialog was opened with.
    expect(run(chosen, { type: 'appointmentType', value: 'review', minutes: 15 }, usual(7, 'treatment'))).toMatchObject({
      type: 'review',
      typeChosen: true,
    });
    expect(run(fromRecall(), usual(7, 'consultation'))).toMatchObject({ type: 'treatment', typeChosen: true });
    // Another patient chosen instead: that patient's usual type.
    const other = run(
      chosen,
      usual(7, 'treatment'),
      { type: 'changePatient' },
      { type: 'choosePatient', patient: { id: 8, name: 'Bea' } },
    );
    expect(run(other, usual(8, 'consultation'))).toMatchObject({ type: 'consultation', minutes: 20 });
  });

  it('starts from the slot: the type’s usual length, the patient and practitioner given', () => {
    const s = fromRecall();
    expect(s).toMatchObject({ type: 'treatment', minutes: 30, practitionerId: 2, patient: ann, autoPick: true });
    expect(endOf(s)).toBe('10:30');
    expect(endOf({ start: '23:45', minutes: 30 })).toBe('23:59');
    expect(bookingInput(s)).toMatchObject({
      patientId: 7,
      date: '2026-12-01',
      start: '10:00',
      end: '10:30',
      planned: { areas: [] },
    });
  });

  it('has nothing to book or check without a patient and a practitioner, or with a half-typed date or time', () => {
    const empty = initialBooking({ date: '2026-12-01', start: '10:00', practitionerId: null }, setup);
    expect(bookingInput(empty)).toBeNull();
    expect(previewKey(empty)).toBeNull();
    const s = fromRecall();
    expect(previewKey(run(s, { type: 'field', field: 'date', value: '01/12/20' }))).toBeNull();
    expect(previewKey(run(s, { type: 'field', field: 'start', value: '10:' }))).toBeNull();
    expect(
      previewKey(run(s, { type: 'planned', planned: { product: 'botox', areas: [{ area: 'glabella', units: 0 }] } })),
    ).toBeNull();
    expect(previewKey(s)).not.toBeNull();
  });

  it('shows an answer only while it answers the booking as it stands', () => {
    const s = fromRecall();
    const key = previewKey(s)!;
    const answered = run(s, {
      type: 'preview',
      answer: { key, value: preview({ problems: [{ field: 'start', message: 'Busy' }] }) },
    });
    expect(shownPreview(answered)?.problems).toHaveLength(1);
    // The time changes: the old answer is no longer shown, whatever arrives late.
    const moved = run(answered, { type: 'field', field: 'start', value: '11:00' });
    expect(shownPreview(moved)).toBeNull();
    expect(verdict(moved).problems).toEqual([]);
  });

  it('moves to the first free time once, and keeps a time the user chose', () => {
    const s = fromRecall();
    const key = freeSlotsKey(s)!;
    const slots = [
      { date: '2026-12-02', start: '09:00', end: '09:30' },
      { date: '2026-12-02', start: '09:30', end: '10:00' },
    ];
    const picked = run(s, { type: 'freeSlots', answer: { key, value: slots } });
    expect(picked).toMatchObject({ date: '2026-12-02', start: '09:00' });
    // The list stays shown for the new day (every time in it is on or after that day), so a click
    // on one of its times is never lost to it being redrawn.
    expect(shownFreeSlots(picked)).toEqual(slots);
    const chosen = run(picked, { type: 'chooseSlot', slot: slots[1]! });
    expect(chosen).toMatchObject({ start: '09:30', minutes: 30, autoPick: false });
    const typed = run(
      fromRecall(),
      { type: 'field', field: 'start', value: '15:00' },
      { type: 'freeSlots', answer: { key: freeSlotsKey(s)!, value: slots } },
    );
    expect(typed).toMatchObject({ date: '2026-12-01', start: '15:00' });
  });

  it('holds the first free time while the user is in the date or start field, and moves there when they leave without typing', () => {
    const s = fromRecall();
    const slots = [{ date: '2026-12-02', start: '09:00', end: '09:30' }];
    const answer = { type: 'freeSlots' as const, answer: { key: freeSlotsKey(s)!, value: slots } };
    const focused = run(s, { type: 'whenFocused' }, answer);
    // The late answer is listed, and leaves the date and time the user may be about to type over as they were.
    expect(focused).toMatchObject({ date: '2026-12-01', start: '10:00', autoPick: true, held: slots[0] });
    expect(shownFreeSlots(focused)).toEqual(slots);
    // Going in again (from date to start) changes nothing.
    expect(run(focused, { type: 'whenFocused' })).toBe(focused);
    // Passing through with Tab: the first free time is taken on leaving, and the list stays shown.
    const left = run(focused, { type: 'whenLeft' });
    expect(left).toMatchObject({ date: '2026-12-02', start: '09:00', held: null, inTimeField: false });
    expect(shownFreeSlots(left)).toEqual(slots);
    // Typed in the field: what was typed stays, on leaving too.
    const typed = run(focused, { type: 'field', field: 'date', value: '2026-12-09' }, { type: 'whenLeft' });
    expect(typed).toMatchObject({ date: '2026-12-09', start: '10:00', autoPick: false, held: null });
    // Left before any answer: the answer then moves both fields as usual.
    expect(run(s, { type: 'whenFocused' }, { type: 'whenLeft' }, answer)).toMatchObject({ date: '2026-12-02', start: '09:00' });
  });

  it('books "as last time" until the user changes what will be given, and starts again for another patient', () => {
    const last = { product: 'dysport', areas: [{ area: 'glabella', units: 50 }] };
    const s = run(fromRecall(), { type: 'lastTime', planned: last });
    expect(s.planned).toEqual(last);
    const edited = run(
      s,
      { type: 'planned', planned: { ...last, areas: [{ area: 'glabella', units: 60 }] } },
      { type: 'lastTime', planned: last },
    );
    expect(edited.planned.areas[0]!.units).toBe(60);
    const other = run(
      edited,
      { type: 'choosePatient', patient: { id: 8, name: 'Bea Brown' } },
      { type: 'lastTime', planned: last },
    );
    expect(other.planned).toEqual(last);
  });

  it('keeps search results only for the text they answer, and the highlighted row inside the list', () => {
    let s = initialBooking({ date: '2026-12-01', start: '10:00', practitionerId: 2 }, setup);
    s = run(s, { type: 'patientText', text: 'ann' });
    const people = [1, 2, 3].map((id) => ({
      id,
      firstName: 'Ann',
      lastName: `N${id}`,
      preferredName: '',
      dob: null,
      phone: '',
      email: '',
      archived: false,
    }));
    expect(run(s, { type: 'results', text: 'an', results: people }).results).toEqual([]);
    s = run(
      s,
      { type: 'results', text: 'ann', results: people },
      { type: 'moveActive', by: 1 },
      { type: 'moveActive', by: 1 },
      { type: 'moveActive', by: 1 },
    );
    expect(s.active).toBe(2);
    expect(run(s, { type: 'patientText', text: 'a' }).results).toEqual([]);
  });

  it('asks for a reason before booking despite a warning, and refuses a blocked treatment', () => {
    const s = fromRecall();
    const key = previewKey(s)!;
    const warned = run(s, {
      type: 'preview',
      answer: {
        key,
        value: preview({ rules: { verdict: 'warn', findings: [{ code: 'TOO_SOON', severity: 'warn', message: 'Too soon' }] } }),
      },
    });
    expect(verdict(warned)).toMatchObject({ warn: true, canBook: false });
    const reasoned = run(warned, { type: 'field', field: 'overrideReason', value: 'Wedding on Saturday' });
    // The reason changes nothing the check reads: the findings stay on screen while it is typed.
    expect(verdict(reasoned)).toMatchObject({ warn: true, canBook: true });
    const blocked = run(s, {
      type: 'preview',
      answer: {
        key,
        value: preview({
          rules: { verdict: 'block', findings: [{ code: 'PREGNANT', severity: 'block', message: 'Pregnancy' }] },
        }),
      },
    });
    expect(verdict(blocked)).toMatchObject({ blocked: true, canBook: false });
  });
});
