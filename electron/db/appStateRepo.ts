import type { Db } from './connection';

export function readAppState(db: Db, key: string): string | null {
  return (db.prepare('SELECT value FROM app_state WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export function writeAppState(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
