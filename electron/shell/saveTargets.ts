import fs from 'node:fs';
import path from 'node:path';

/** The parts of Electron the save plumbing needs, passed in by main.ts (so this runs, and is tested, without Electron). */
export interface SaveShell {
  /** The save dialog for the app's window; null when there is no window. */
  showSaveDialog: (opts: {
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }) => Promise<{ canceled: boolean; filePath?: string | undefined }> | null;
  /** The window's page as a PDF (its print layout). */
  printToPdf: () => Promise<Uint8Array>;
  /** The folder picker for the app's window; null when there is no window. */
  showOpenFolderDialog?: (opts: {
    title: string;
    properties: ('openDirectory' | 'createDirectory')[];
  }) => Promise<{ canceled: boolean; filePaths: string[] }> | null;
  documentsDir: string;
  picturesDir: string;
  writeFile?: (file: string, bytes: Uint8Array) => Promise<void>;
}

/**
 * "Save as PDF" and "save this export": ask where with the system dialog, suggest the file name
 * in the usual folder, write only when the user chose a place. Null when cancelled.
 */
export function createSaveTargets(shell: SaveShell): {
  savePdf: (fileName: string) => Promise<string | null>;
  saveFile: (fileName: string, bytes: Uint8Array) => Promise<string | null>;
  choosePath: (fileName: string) => Promise<string | null>;
  chooseFolder: (title: string) => Promise<string | null>;
} {
  const write = shell.writeFile ?? ((file: string, bytes: Uint8Array) => fs.promises.writeFile(file, bytes));
  async function ask(defaultPath: string, ext: string): Promise<string | null> {
    const dialog = shell.showSaveDialog({ defaultPath, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] });
    if (!dialog) return null;
    const choice = await dialog;
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  }
  return {
    savePdf: async (fileName) => {
      const file = await ask(path.join(shell.documentsDir, path.basename(fileName)), 'pdf');
      if (!file) return null;
      await write(file, await shell.printToPdf());
      return file;
    },
    choosePath: (fileName) => {
      const name = path.basename(fileName);
      return ask(path.join(shell.documentsDir, name), path.extname(name).slice(1) || 'bin');
    },
    chooseFolder: async (title) => {
      const dialog = shell.showOpenFolderDialog?.({ title, properties: ['openDirectory', 'createDirectory'] });
      if (!dialog) return null;
      const choice = await dialog;
      return choice.canceled || choice.filePaths.length === 0 ? null : choice.filePaths[0]!;
    },
    saveFile: async (fileName, bytes) => {
      const name = path.basename(fileName);
      const file = await ask(path.join(shell.picturesDir, name), path.extname(name).slice(1) || 'bin');
      if (!file) return null;
      await write(file, bytes);
      return file;
    },
  };
}
