import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cameraJpeg } from '../support/images';
import { importOne } from '../support/photos';
import { testClinic } from '../support/core';

describe('saved comparisons', () => {
  it('save one patient’s photos with their layout, refuse another patient’s, and remove with an audit entry', async () => {
    const c = await testClinic();
    const ann = await c.patient({ firstName: 'Ann', lastName: 'Okafor' });
    const bea = await c.patient({ firstName: 'Bea', lastName: 'Brown' });
    const a1 = (await importOne(c, ann, 'a1.jpg', await cameraJpeg(1))).id;
    const a2 = (await importOne(c, ann, 'a2.jpg', await cameraJpeg(3))).id;
    const b1 = (await importOne(c, bea, 'b1.jpg', await cameraJpeg(6))).id;
    const view = { photoIds: [a1, a2], layout: 'pair' as const, mode: 'wipe' as const, aligned: true, mix: 0.4 };

    const saved = await c.call('comparisons.save', { patientId: ann, name: 'Frown, before and after', view });
    expect(saved).toMatchObject({ name: 'Frown, before and after', view });
    expect((await c.call('photos.library', { patientId: ann })).comparisons.map((x) => x.id)).toEqual([saved.id]);

    expect(
      await c.raw('comparisons.save', { patientId: ann, name: 'Mixed', view: { ...view, photoIds: [a1, b1] } }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'A comparison shows one patient’s photos.' } });
    expect(
      await c.raw('comparisons.save', { patientId: ann, name: 'Grid', view: { ...view, layout: 'grid', mode: 'side' } }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    expect(await c.call('comparisons.delete', { id: saved.id })).toEqual({ deleted: true });
    expect((await c.call('photos.library', { patientId: ann })).comparisons).toEqual([]);
    expect(await c.raw('comparisons.delete', { id: saved.id + 100 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(c.core.db.prepare("SELECT action FROM audit_log WHERE entity = 'comparison' ORDER BY id").pluck().all()).toEqual([
      'create',
      'delete',
    ]);
  });
});

describe('saving the page as a PDF', () => {
  it('writes where the person chose and audits it; says so plainly where saving is not available', async () => {
    const plain = await testClinic();
    expect(await plain.raw('print.savePdf', { fileName: 'Day sheet 2026-11-22.pdf' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'Saving as PDF is not available here; use Print instead.' },
    });

    let asked = '';
    const c = await testClinic('2026-11-22T10:00:00Z', {
      core: {
        savePdf: (fileName) => {
          asked = fileName;
          const file = `${c.dir}/${fileName}`;
          fs.writeFileSync(file, '%PDF-1.7\n');
          return Promise.resolve(file);
        },
      },
    });
    const { savedTo } = await c.call('print.savePdf', { fileName: 'Day sheet 2026-11-22.pdf' });
    expect(asked).toBe('Day sheet 2026-11-22.pdf');
    expect(fs.readFileSync(savedTo!, 'latin1')).toMatch(/^%PDF/);
    expect(c.core.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'export'").pluck().get()).toBeGreaterThanOrEqual(1);
    expect(await c.raw('print.savePdf', { fileName: '../escape.pdf' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
