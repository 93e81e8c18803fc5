import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { tempDir } from '../support/tempDir';

describe('the connection’s statement cache', () => {
  it('reuses a compiled statement without carrying one caller’s pluck mode to the next', () => {
    const db = openDatabase(path.join(tempDir(), 'c.sqlite'));
    const sql = 'SELECT key, value FROM app_state ORDER BY key';
    db.prepare('INSERT INTO app_state (key, value) VALUES (?, ?)').run('a', '1');
    expect(db.prepare(sql)).toBe(db.prepare(sql));
    expect(db.prepare(sql).pluck().all()).toEqual(['a']);
    expect(db.prepare(sql).all()).toEqual([{ key: 'a', value: '1' }]);
    db.close();
  });
});
