import type { CsvFile } from '../../shared/contract';

/** Saves text the main process produced as a file: Electron asks where, a browser downloads it. */
export function downloadCsv(file: CsvFile): void {
  downloadText(file.fileName, file.csv, 'text/csv');
}

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
