import type { CsvFile } from '../../shared/contract';

/** Saves text the main process produced as a file: Electron asks where, a browser downloads it. */
export function downloadCsv(file: CsvFile): void {
  const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
