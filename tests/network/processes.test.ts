import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BookingInput } from '../../shared/calendar';
import { emptyPatient } from '../../shared/patients';
import { makeIdentity } from '../../electron/network/certificate';
import { cameraJpeg } from '../support/images';
import { freePort, HOST_OWNER, spawnComputer, type ComputerProcess } from '../support/network';
import { NO_TAGS } from '../support/photos';
import { tempDir } from '../support/tempDir';
import https from 'node:https';

// A host and its workstations, each a process of its own on 127.0.0.1, over real TLS 1.3.

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

async function startHost(dir: string, port: number): Promise<ComputerProcess> {
  const host = await spawnComputer(dir);
  await host.call('auth.setupClinic', {
    clinicName: 'Harbour Aesthetics',
    ownerName: HOST_OWNER.name,
    password: HOST_OWNER.password,
  });
  const view = await host.call('network.share', { on: true, port });
  expect(view.sharing).toBe(true);
  return host;
}

async function addPerson(host: ComputerProcess, name: string, role: 'reception' | 'practitioner') {
  const team = await host.call('team.add', { name, role, registration: '' });
  const id = team.find((m) => m.name === name)!.id;
  const { setupCode } = await host.call('team.invite', { id });
  return { id, name, setupCode, password: `${name} has a long password 42` };
}

/** Pairs a fresh process with the host, then signs a person in on it for the first time with their setup code. */
async function pairedWorkstation(host: ComputerProcess, port: number, name: string) {
  const ws = await spawnComputer(tempDir('clinic-ws-'));
  const seen = await ws.call('network.inspectHost', { address: '127.0.0.1', port });
  const code = (await host.call('network.newPairingCode', {})).pairing!.code;
  await ws.call('network.pair', { address: '127.0.0.1', port, fingerprint: seen.fingerprint, code, name });
  await ws.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'online');
  return ws;
}

async function firstSignIn(ws: ComputerProcess, p: { name: string; setupCode: string; password: string }) {
  expect((await ws.call('auth.signIn', { name: p.name, password: p.setupCode })).state).toBe('must_set_password');
  expect((await ws.call('auth.setPassword', { password: p.password })).state).toBe('signed_in');
}

// Each test starts two or three Node processes (TypeScript compiled as they load): on a shared
// two-core machine running the whole suite that alone can take most of the default 30 s.
describe('a host and its workstations as separate processes', { timeout: 90_000 }, () => {
  it('pairs only with the right code in time, and turns away an unpaired client', async () => {
    const port = await freePort();
    const host = await startHost(tempDir('clinic-host-'), port);
    const ws = await spawnComputer(tempDir('clinic-ws-'));
    const seen = await ws.call('network.inspectHost', { address: '127.0.0.1', port });
    expect(seen.clinicName).toBe('Harbour Aesthetics');
    expect(seen.fingerprint).toBe((await host.call('network.host', {})).fingerprint);
    const pair = (code: string) =>
      ws.raw('network.pair', { address: '127.0.0.1', port, fingerprint: seen.fingerprint, code, name: 'Room 2' });

    const code = (await host.call('network.newPairingCode', {})).pairing!.code;
    const wrong = await pair(code === '999999' ? '999998' : '999999');
    expect(wrong.ok || wrong.error).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('not the one shown') as string,
    });

    await host.setClock('2026-11-22T10:05:00Z'); // exactly five minutes later: no longer good
    const expired = await pair(code);
    expect(expired.ok || expired.error).toMatchObject({
      code: 'PAIRING_REFUSED',
      message: expect.stringContaining('expired') as string,
    });
    await host.call('auth.unlock', { password: HOST_OWNER.password }).catch(() => undefined);

    const fresh = (await host.call('network.newPairingCode', {})).pairing!.code;
    const paired = await pair(fresh);
    expect(paired.ok).toBe(true);
    await ws.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'online');
    expect((await ws.call('auth.status', {})).people.map((p) => p.name)).toEqual(['Olivia Owner']);

    // This test process, with a certificate the host never paired: nothing, not even the names.
    const stranger = await makeIdentity('Stranger');
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const body = JSON.stringify({ method: 'auth.status', input: {} });
      const req = https.request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/call',
          method: 'POST',
          ...stranger,
          rejectUnauthorized: false,
          headers: { 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain('Olivia');
  });

  it('two workstations: a booking race, a live update, a photo seen on the host, and a revocation felt at once', async () => {
    const port = await freePort();
    const host = await startHost(tempDir('clinic-host-'), port);
    const rita = await addPerson(host, 'Rita Reception', 'reception');
    const sarah = await addPerson(host, 'Dr Sarah Whitfield', 'practitioner');
    const desk = await pairedWorkstation(host, port, 'Reception desk');
    const room = await pairedWorkstation(host, port, 'Room 2');
    await firstSignIn(desk, rita);
    await firstSignIn(room, sarah);

    const ann = (
      await desk.call('patients.create', {
        patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor' },
        allowDuplicate: false,
      })
    ).id;
    const bea = (
      await desk.call('patients.create', {
        patient: { ...emptyPatient(), firstName: 'Bea', lastName: 'Brown' },
        allowDuplicate: false,
      })
    ).id;

    // Both book Dr Whitfield at overlapping times at the same moment.
    const heard = room.events.length;
    const [a, b] = await Promise.all([
      desk.raw('appointments.book', booking(ann, sarah.id)),
      room.raw('appointments.book', booking(bea, sarah.id, { start: '10:15', end: '10:45' })),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    const loser = [a, b].find((r) => !r.ok)!;
    expect(loser.ok || loser.error.message).toMatch(/already sees/);
    expect(await host.call('appointments.range', { from: '2026-11-24', to: '2026-11-24', practitionerId: null })).toHaveLength(1);

    // The desk marks the patient arrived; the room hears within two seconds.
    const appt = (await desk.call('appointments.range', { from: '2026-11-24', to: '2026-11-24', practitionerId: null }))[0]!;
    const since = room.events.length;
    const t = Date.now();
    await desk.call('appointments.setStatus', { id: appt.id, status: 'arrived', reason: '' });
    await room.waitForEvent((e) => e.kind === 'change' && e.change.topic === 'appointments', 2000, since);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(room.events.length).toBeGreaterThan(heard);

    // A photo chosen on the room's computer is imported through the host and seen there.
    const file = path.join(room.dir, 'front.jpg');
    fs.writeFileSync(file, await cameraJpeg(6));
    const staged = await room.raw('photos.stage', { paths: [file] }, 'files');
    const token = (staged.ok ? staged.value[0]!.token : null)!;
    const photo = await room.call('photos.import', { patientId: ann, token, tags: NO_TAGS });
    expect((await host.call('photos.library', { patientId: ann })).photos.map((p) => p.id)).toEqual([photo.id]);
    expect(await host.photo(`/photo/${photo.id}/preview`)).toMatchObject({ status: 200 });
    await room.call('photos.library', { patientId: ann });
    expect(await room.photo(`/photo/${photo.id}/thumb`)).toMatchObject({ status: 200 });

    // The owner revokes the desk: its next call is refused.
    const deskId = (await host.call('network.host', {})).workstations.find((w) => w.name === 'Reception desk')!.id;
    await host.call('network.revoke', { id: deskId });
    const after = await desk.raw('today.summary', {});
    expect(after.ok || after.error).toMatchObject({ code: 'FORBIDDEN_SENDER' });
    await desk.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'revoked');
    // The room's computer carries on.
    expect(await room.call('appointments.range', { from: '2026-11-24', to: '2026-11-24', practitionerId: null })).toHaveLength(1);
  });

  it('the host stopped and started mid-session: the workstation says so within five seconds, refuses changes, and reconnects by itself', async () => {
    const port = await freePort();
    const hostDir = tempDir('clinic-host-');
    const host = await startHost(hostDir, port);
    const rita = await addPerson(host, 'Rita Reception', 'reception');
    const desk = await pairedWorkstation(host, port, 'Reception desk');
    await firstSignIn(desk, rita);
    const ann = (
      await desk.call('patients.create', {
        patient: { ...emptyPatient(), firstName: 'Ann', lastName: 'Okafor' },
        allowDuplicate: false,
      })
    ).id;

    const before = desk.events.length;
    const stoppedAt = Date.now();
    await host.kill();
    await desk.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'offline', 5000, before);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    const mode = await desk.call('network.mode', {});
    expect(mode.workstation!.message).toMatch(/^The clinic’s computer \(127.0.0.1\) cannot be reached\./);

    const read = await desk.raw('patients.get', { id: ann });
    expect(read.ok || read.error).toMatchObject({ code: 'HOST_UNREACHABLE' });
    const write = await desk.raw('patients.create', {
      patient: { ...emptyPatient(), firstName: 'Bea', lastName: 'Brown' },
      allowDuplicate: false,
    });
    expect(write.ok || write.error).toMatchObject({
      code: 'HOST_UNREACHABLE',
      message: expect.stringContaining('nothing was saved') as string,
    });

    // The host starts again (nobody at its screen): it shares again by itself, the workstation
    // reconnects by itself and hears that the host restarted, so Rita signs in again.
    const back = desk.events.length;
    const restarted = await spawnComputer(hostDir);
    await desk.waitForEvent((e) => e.kind === 'connection' && e.mode.workstation?.state === 'online', 10_000, back);
    await desk.waitForEvent((e) => e.kind === 'session', 5000, back);
    expect((await desk.call('auth.status', {})).state).toBe('signed_out');
    // Signing in on the workstation opens the clinic on the host (the key never leaves it).
    await desk.call('auth.signIn', { name: rita.name, password: rita.password });
    expect((await desk.call('patients.get', { id: ann })).lastName).toBe('Okafor');
    const everyone = await desk.call('patients.list', { text: '', sort: 'name', includeArchived: true });
    expect(everyone.patients.map((p) => p.lastName)).toEqual(['Okafor']);
    // Nobody signed in at the host's own screen meanwhile; its sharing came back by itself.
    expect((await restarted.call('auth.status', {})).state).toBe('signed_out');
  });
});
