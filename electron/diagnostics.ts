import os from 'node:os';
import { onNetworkShare } from './backup/places';

/**
 * What a person can copy and send to whoever helps them: versions, paths, the state the app is
 * in, and recent errors from the log. No patient data: the log holds none.
 */
export function diagnosticReport(r: {
  version: string;
  dataDir: string;
  logFile: string;
  recent: readonly string[];
  places: readonly string[];
  state: string;
}): string {
  const lines = [
    `Clinic Records ${r.version} diagnostic report, ${new Date().toISOString()}`,
    `System: ${os.type()} ${os.release()} (${process.platform} ${process.arch}), Node ${process.versions.node}${
      process.versions.electron ? `, Electron ${process.versions.electron}` : ''
    }`,
    `Data folder: ${r.dataDir}${onNetworkShare(r.dataDir) ? ' (ON A NETWORK SHARE: unsafe for the database)' : ''}`,
    `Log file: ${r.logFile}`,
    `State: ${r.state}`,
    `Backup places: ${r.places.length === 0 ? 'none' : r.places.join('; ')}`,
    'Recent messages:',
    ...(r.recent.length === 0 ? ['  (none)'] : r.recent.map((l) => `  ${l}`)),
  ];
  return lines.join('\n');
}
