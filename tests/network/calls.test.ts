import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BookingInput } from '../../shared/calendar';
import { emptyPatient } from '../../shared/patients';
import { cameraJpeg } from '../support/images';
import { movableClock } from '../support/messaging';
import { hostComputer, lossyRelay, PAGE, rawClient, teamMember, workstationComputer, type Computer } from '../support/network';
import { NO_TAGS } from '../support/photos';

const booking = (patientId: number, practitionerId: number, over: Partial<BookingInput> = {}): BookingInput => ({
  patientId,
  practitionerId,
  roomId: null,
  type: 'consultation',
  planned: null,
  date: '2026-11-24',
  start: '10:00',
  end: '10:30',
  notes: '',
  overrideReason: '',
  allowPast: false,
  ...over,
});

const newPatient = (firstName: string, lastName: string) => ({
  patient: { ...emptyPatient(), firstName, lastName, dob: '1985-06-15' },
  allowDuplicate: false,
});

async function patientCount(host: Computer, text: string): Promise<number> {
  return (await host.call('patients.list', { text, sort: 'name', includeArchived: true })).patients.length;
}

async function clinicWithTwoDesks() {
  const clock = movableClock('2026-11-22T10:00:00Z');
  const host = await hostComputer({ clock });
  const rita = await teamMember(host, 'Rita Reception', 'reception');
  const sarah = await teamMember(host, 'Dr Sarah Whitfield', 'practitioner');
  const desk = await workstationComputer(host, 'Reception desk', { clock });
  const room = await workstationComputer(host, 'Room 2', { clock });
  await desk.call('auth.signIn', { name: rita.name, password: rita.password });
  await room.call('auth.signIn', { name: sarah.name, password: sarah.password });
  return { clock, host, rita, sarah, desk, room };
}

describe('calls from workstations', () => {
  it('a booking race from two workstations gives one booking and one clear message', async () => {
    const { host, sarah, desk, room } = await clinicWithTwoDesks();
    const ann = (await desk.call('patients.create', newPatient('Ann', 'Okafor'))).id;
    const bea = (await desk.call('patients.create', newPatient('Bea', 'Brown'))).id;
    const [a, b] = await Promise.all([
      desk.raw('appointments.book', booking(ann, sarah.id)),
      room.raw('appointments.book', booking(bea, sarah.id, { start: '10:15', end: '10:45' })),
    ]);
    const answers = [a, b];
    expect(answers.filter((r) => r.ok)).toHaveLength(1);
    const refused = answers.find((r) => !r.ok)!;
    expect(refused.ok || refused.error).toMatchObject({
      code: 'INVALID_INPUT',
      fields: { start: expect.stringMatching(/^Dr Sarah Whitfield already sees (Ann Okafor|Bea Brown) at 10:/) as string },
    });
    const week = await host.call('appointments.range', { from: '2026-11-23', to: '2026-11-29', practitionerId: null });
    expect(week).toHaveLength(1);
    // The booking's audit row names who booked it and at which workstation.
    const rows = (
      await host.call('audit.search', {
        staffId: null,
        patientId: null,
        action: 'create',
        fromMs: null,
        toMs: null,
        limit: 50,
        offset: 0,
      })
    ).rows.filter((r) => r.entity === 'appointment');
    expect(rows).toHaveLength(1);
    expect(['Reception desk', 'Room 2']).toContain(rows[0]!.device);
  });

  it('tells every other screen about a booking within two seconds', async () => {
    const { host, sarah, desk, room } = await clinicWithTwoDesks();
    const ann = (await desk.call('patients.create', newPatient('Ann', 'Okafor'))).id;
    const hostHeard = host.waitForEvent((e) => e.kind === 'change' && e.change.topic === 'appointments', 2000);
    const roomHeard = room.waitForEvent((e) => e.kind === 'change' && e.change.topic === 'appointments', 2000);
    const t = Date.now();
    await desk.call('appointments.book', booking(ann, sarah.id));
    const heard = await roomHeard;
    expect(Date.now() - t).toBeLessThan(2000);
    expect(heard).toEqual({ kind: 'change', change: { topic: 'appointments', patientId: ann } });
    await hostHeard;
    // And the arrival marked on the host's own screen reaches the desk.
    const deskHeard = desk.waitForEvent((e) => e.kind === 'change' && e.change.topic === 'appointments' && e !== heard, 2000);
    const appt = (await host.call('appointments.range', { from: '2026-11-24', to: '2026-11-24', practitionerId: null }))[0]!;
    await host.call('appointments.setStatus', { id: appt.id, status: 'arrived', reason: '' });
    await deskHeard;
  });

  it('a photo imported on a workstation is seen on the host; guessing another patient’s photo gets nothing', async () => {
    const { host, desk, room, sarah } = await clinicWithTwoDesks();
    const ann = (await desk.call('patients.create', newPatient('Ann', 'Okafor'))).id;
    const bea = (await desk.call('patients.create', newPatient('Bea', 'Brown'))).id;
    const file = path.join(room.dir, 'front.jpg');
    fs.writeFileSync(file, await cameraJpeg(1));
    const big = path.join(room.dir, 'huge.jpg');
    fs.writeFileSync(big, Buffer.alloc(50 * 1024 * 1024 + 1));
    // The preload hands the chosen files' paths over through the files door, as in Electron.
    const staged = await room.station.dispatch({ ...PAGE, door: 'files' }, 'photos.stage', { paths: [file, big] });
    expect(staged.ok).toBe(true);
    const [front, huge] = (staged as { value: { token: string | null; problem: string | null }[] }).value;
    expect(huge).toMatchObject({ token: null, problem: 'the file is larger than 50 MB' });
    const photo = await room.call('photos.import', { patientId: ann, token: front!.token!, tags: NO_TAGS });

    const lib = await host.call('photos.library', { patientId: ann });
    expect(lib.photos.map((p) => p.id)).toEqual([photo.id]);
    const onHost = await host.station.photo(`/photo/${photo.id}/preview`);
    expect(onHost.status).toBe(200);
    await room.call('photos.library', { patientId: ann });
    const onRoom = await room.station.photo(`/photo/${photo.id}/thumb`);
    expect(onRoom).toMatchObject({ status: 200, contentType: 'image/jpeg' });
    // The upload is gone from the host's folder once imported.
    expect(fs.readdirSync(host.station.host!.uploadDir)).toEqual([]);

    // Reception sees no photos at all; a practitioner's screen that never opened Bea's photos
    // cannot load one of hers by number.
    expect((await desk.station.photo(`/photo/${photo.id}/thumb`)).status).toBe(404);
    const raw = rawClient(room.dir, host.port);
    const token = await raw.signIn(sarah.name, sarah.password);
    const guessed = await raw.request(`/v1/photo/${photo.id}/preview`, { token });
    expect(guessed.status).toBe(404);
    expect(bea).toBeGreaterThan(0);
    const refusals = (
      await host.call('audit.search', {
        staffId: null,
        patientId: null,
        action: 'refused',
        fromMs: null,
        toMs: null,
        limit: 50,
        offset: 0,
      })
    ).rows.map((r) => JSON.parse(r.after ?? '{}') as { reason: string; photoId?: number });
    expect(refusals).toContainEqual(
      expect.objectContaining({ reason: 'a photo this screen has not opened', photoId: photo.id }) as unknown,
    );

    // An oversized upload sent by hand is refused at the door, with the same words, and audited.
    const over = await raw.request('/v1/stage', {
      bytes: Buffer.alloc(50 * 1024 * 1024 + 10),
      token,
      headers: { 'x-file-name': 'huge.jpg', 'content-type': 'application/octet-stream' },
    });
    expect(over.status).toBe(413);
    expect(over.json).toEqual({ error: { code: 'INVALID_INPUT', message: '“huge.jpg”: the file is larger than 50 MB.' } });
    expect(fs.readdirSync(host.station.host!.uploadDir)).toEqual([]);
  });

  it('an idempotency key makes a repeated create one patient, however the repeats arrive', async () => {
    const { host, rita, desk } = await clinicWithTwoDesks();
    const raw = rawClient(desk.dir, host.port);
    const token = await raw.signIn(rita.name, rita.password);
    const key = randomUUID();
    const input = newPatient('Cleo', 'Dunn');
    const [a, b] = await Promise.all([
      raw.call('patients.create', input, token, key),
      raw.call('patients.create', input, token, key),
    ]);
    const c = await raw.call('patients.create', input, token, key);
    const ids = [a, b, c].map((x) => (x.envelope.value as { id: number }).id);
    expect(new Set(ids).size).toBe(1);
    expect(await patientCount(host, 'Cleo')).toBe(1);
    // Another key is another request: the duplicate check then speaks.
    const d = await raw.call('patients.create', input, token, randomUUID());
    expect(d.envelope).toMatchObject({ ok: false });
  });

  it('an answer lost on the network: the workstation tries again with the same key, and one patient is made', async () => {
    const host = await hostComputer();
    const rita = await teamMember(host, 'Rita Reception', 'reception');
    const relay = await lossyRelay(host.port);
    try {
      const desk = await workstationComputer(host, 'Reception desk', { viaPort: relay.port });
      await desk.call('auth.signIn', { name: rita.name, password: rita.password });
      relay.dropAnswers = true;
      const pending = desk.raw('patients.create', newPatient('Dora', 'Evans'));
      // The host made the patient; the answer never arrived.
      for (let i = 0; i < 100 && (await patientCount(host, 'Dora')) === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      relay.dropAnswers = false;
      const answer = await pending;
      expect(relay.dropped).toBeGreaterThan(0);
      expect(answer.ok).toBe(true);
      expect(await patientCount(host, 'Dora')).toBe(1);
    } finally {
      await relay.close();
    }
  });

  it('after giving up, saving the same thing again is still saved once', async () => {
    const host = await hostComputer();
    const rita = await teamMember(host, 'Rita Reception', 'reception');
    const relay = await lossyRelay(host.port);
    try {
      const desk = await workstationComputer(host, 'Reception desk', { viaPort: relay.port, extra: { retryWindowMs: 300 } });
      await desk.call('auth.signIn', { name: rita.name, password: rita.password });
      relay.dropAnswers = true;
      const first = await desk.raw('patients.create', newPatient('Eve', 'Fox'));
      expect(first.ok || first.error).toMatchObject({
        code: 'HOST_UNREACHABLE',
        message: expect.stringContaining('may or may not have been saved') as string,
      });
      expect(await patientCount(host, 'Eve')).toBe(1);
      relay.dropAnswers = false;
      await desk.waitForEvent(
        (e) => e.kind === 'connection' && e.mode.workstation?.state === 'online' && e.mode.workstation.sinceMs > 0,
        5000,
      );
      for (let i = 0; i < 100 && (await desk.call('network.mode', {})).workstation!.state !== 'online'; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const again = await desk.raw('patients.create', newPatient('Eve', 'Fox'));
      expect(again.ok).toBe(true);
      expect(await patientCount(host, 'Eve')).toBe(1);
    } finally {
      await relay.close();
    }
  });

  it('refuses a replayed, expired or borrowed token, and a flood of sign-in attempts, with clear messages', async () => {
    const { clock, host, rita, desk, room } = await clinicWithTwoDesks();
    const raw = rawClient(desk.dir, host.port);
    const token = await raw.signIn(rita.name, rita.password);
    expect((await raw.call('today.summary', {}, token)).envelope.ok).toBe(true);

    // Another workstation presenting this workstation's token gets nothing.
    const other = rawClient(room.dir, host.port);
    const borrowed = await other.call('today.summary', {}, token);
    expect(borrowed.envelope.error).toMatchObject({
      code: 'NOT_SIGNED_IN',
      message: expect.stringContaining('has ended') as string,
    });

    // Signed out, the same token is a replay.
    await raw.call('auth.signOut', {}, token);
    const replay = await raw.call('today.summary', {}, token);
    expect(replay.envelope.error).toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(replay.token).toBeNull();

    // A token is good for five minutes unless renewed.
    const fresh = await raw.signIn(rita.name, rita.password);
    clock.set('2026-11-22T10:05:30Z');
    const late = await raw.call('today.summary', {}, fresh);
    expect(late.envelope.error).toMatchObject({ code: 'NOT_SIGNED_IN', message: expect.stringContaining('expired') as string });

    // Ten sign-in attempts a minute from one workstation, then it must wait.
    let last: { code: string } | undefined;
    for (let i = 0; i < 12; i++)
      last = (await raw.call('auth.signIn', { name: `Nobody ${i}`, password: 'wrong wrong wrong' })).envelope.error;
    expect(last).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringContaining('from this computer') as string });

    const reasons = (
      await host.call('audit.search', {
        staffId: null,
        patientId: null,
        action: 'refused',
        fromMs: null,
        toMs: null,
        limit: 50,
        offset: 0,
      })
    ).rows.map((r) => (JSON.parse(r.after ?? '{}') as { reason: string }).reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        "another workstation's token",
        'an unknown or replayed session token',
        'an expired session token',
        'too many sign-in attempts from one workstation',
      ]),
    );
  });
});
