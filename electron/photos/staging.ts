import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StagedFile } from '../../shared/photos';
import { MAX_PHOTO_BYTES } from './pipeline';

/** How long a chosen file waits to be imported before it must be chosen again. */
const STAGE_LIFETIME_MS = 60 * 60 * 1000;
const MAX_FOLDER_FILES = 2000;

interface Staged {
  file: string;
  name: string;
  atMs: number;
}

/**
 * Files the user chose (file dialog or drag-and-drop), each under a random token. The
 * renderer imports by token, so it never names a path the main process then opens: in
 * Electron the paths come from the preload's webUtils.getPathForFile, which only knows
 * files the user handed to the page; in the test harness, from files the page uploaded.
 */
export class PhotoStaging {
  private readonly staged = new Map<string, Staged>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stages files and the files directly inside folders; a folder with nothing in it gets a message of its own. */
  stagePaths(paths: readonly string[]): StagedFile[] {
    this.forgetOld();
    const out: StagedFile[] = [];
    for (const p of paths) {
      const name = path.basename(p) || p;
      const stat = fs.statSync(p, { throwIfNoEntry: false });
      if (!stat) {
        out.push({ token: null, name, bytes: 0, problem: 'the file cannot be found' });
      } else if (stat.isDirectory()) {
        const inside = fs
          .readdirSync(p, { withFileTypes: true })
          .filter((d) => d.isFile() && !d.name.startsWith('.'))
          .map((d) => path.join(p, d.name))
          .sort()
          .slice(0, MAX_FOLDER_FILES);
        if (inside.length === 0) out.push({ token: null, name, bytes: 0, problem: `the folder “${name}” has no files in it` });
        else out.push(...this.stagePaths(inside));
      } else if (!stat.isFile()) {
        out.push({ token: null, name, bytes: 0, problem: 'this is not a file' });
      } else {
        out.push(this.add(p, name, stat.size));
      }
    }
    return out;
  }

  private add(file: string, name: string, bytes: number): StagedFile {
    const problem = bytes === 0 ? 'the file is empty' : bytes > MAX_PHOTO_BYTES ? 'the file is larger than 50 MB' : null;
    if (problem) return { token: null, name, bytes, problem };
    const token = randomUUID();
    this.staged.set(token, { file, name, atMs: this.now() });
    return { token, name, bytes, problem: null };
  }

  /** The staged file for a token, once: importing uses it up. */
  take(token: string): { file: string; name: string } | null {
    const s = this.staged.get(token);
    this.staged.delete(token);
    if (!s || this.now() - s.atMs > STAGE_LIFETIME_MS) return null;
    return { file: s.file, name: s.name };
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [t, s] of this.staged) if (now - s.atMs > STAGE_LIFETIME_MS) this.staged.delete(t);
  }
}
