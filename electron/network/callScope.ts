import { AsyncLocalStorage } from 'node:async_hooks';
import { ApiError } from '../../shared/envelope';

/**
 * Something a call produced for the screen that made it rather than for the host's own window:
 * "Save as PDF" prints the workstation's page, an exported picture is saved on the workstation.
 */
export type Delivery = { kind: 'pdf'; fileName: string } | { kind: 'file'; fileName: string; base64: string };

interface Scope {
  /** The workstation's name, for the path the handler records. */
  device: string;
  deliveries: Delivery[];
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs one workstation call, collecting what it hands back to that workstation. */
export async function runForWorkstation<T>(device: string, fn: () => Promise<T>): Promise<{ result: T; deliveries: Delivery[] }> {
  const s: Scope = { device, deliveries: [] };
  const result = await scope.run(s, fn);
  return { result, deliveries: s.deliveries };
}

type SavePdf = (fileName: string) => Promise<string | null>;
type SaveFile = (fileName: string, bytes: Buffer) => Promise<string | null>;

/**
 * The core's save functions, routed: during a workstation's call the file goes back to that
 * workstation (which then asks its own person where to save it); otherwise to this computer's
 * own dialog, as before. The handler records the export either way: the bytes have left the
 * clinic's computer for that screen.
 */
export function routeSaves(local: { savePdf?: SavePdf | undefined; saveFile?: SaveFile | undefined }): {
  savePdf: SavePdf;
  saveFile: SaveFile;
} {
  return {
    savePdf: async (fileName) => {
      const s = scope.getStore();
      if (s) {
        s.deliveries.push({ kind: 'pdf', fileName });
        return `${fileName} (on ${s.device})`;
      }
      if (!local.savePdf) throw new ApiError('CONFLICT', 'Saving as PDF is not available here; use Print instead.');
      return local.savePdf(fileName);
    },
    saveFile: async (fileName, bytes) => {
      const s = scope.getStore();
      if (s) {
        s.deliveries.push({ kind: 'file', fileName, base64: bytes.toString('base64') });
        return `${fileName} (on ${s.device})`;
      }
      if (!local.saveFile) throw new ApiError('CONFLICT', 'Saving files is not available here.');
      return local.saveFile(fileName, bytes);
    },
  };
}
