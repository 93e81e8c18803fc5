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

/** A file the user chose that can be imported, or why not (with the same words everywhere it is checked). */
export type ChosenFile = { file: string; name: string; bytes: number } | (StagedFile & { token: null; problem: string });

/**
 * What the user chose, as the files to import: files, and the files directly inside chosen
 * folders (not hidden ones, at most 2,000 a folder); what cannot be imported says why. A
 * workstation applies this same rule on its own computer before it uploads anything to the host.
 */
export function expandChosen(paths: readonly string[]): ChosenFile[] {
  const out: ChosenFile[] = [];
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
      else out.push(...expandChosen(inside));
    } else if (!stat.isFile()) {
      out.push({ token: null, name, bytes: 0, problem: 'this is not a file' });
    } else {
      const problem = sizeProblem(stat.size);
      out.push(problem ? { token: null, name, bytes: stat.size, problem } : { file: p, name, bytes: stat.size });
    }
  }
  return out;
}

/** Why a file of this size cannot be imported, or null. */
export function sizeProblem(bytes: number): string | null {
  return bytes === 0 ? 'the file is empty' : bytes > MAX_PHOTO_BYTES ? 'the file is larger than 50 MB' : null;
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
    return expandChosen(paths).map((c) => ('problem' in c ? c : this.add(c.file, c.name, c.bytes)));
  }

  private add(file: string, name: string, bytes: number): StagedFile {
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
