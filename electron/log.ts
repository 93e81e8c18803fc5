import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import log from 'electron-log/node';

/** The log sits in the data folder so it travels with the clinic; it holds no patient data. */
export const LOG_FOLDER = 'logs';
const LOG_FILE = 'clinic-records.log';
/** One file of up to 1 MB and the one before it (clinic-records.old.log). */
const MAX_BYTES = 1024 * 1024;

export interface AppLog {
  /** Where the log is written, for every message that says "see the log". */
  readonly file: string;
  error(message: string, err?: unknown): void;
  info(message: string): void;
  /** The latest lines, for the diagnostic report. */
  recent(): string[];
}

/**
 * Errors and notable events, written with electron-log's file transport (rotating at 1 MB).
 * Only what the app says about itself goes in: method names, error messages and stacks, never
 * inputs, so no patient's details reach the file.
 */
export function openLog(dataDir: string, opts: { echo?: boolean } = {}): AppLog {
  let dir = path.join(dataDir, LOG_FOLDER);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    dir = path.join(os.tmpdir(), 'clinic-records-logs');
    fs.mkdirSync(dir, { recursive: true });
  }
  const file = path.join(dir, LOG_FILE);
  const logger = log.create({ logId: `clinic-${file}` });
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = MAX_BYTES;
  logger.transports.file.level = 'info';
  logger.transports.console.level = opts.echo ? 'error' : false;
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(`${new Date().toISOString()} ${line}`);
    if (recent.length > 50) recent.shift();
  };
  return {
    file,
    error(message, err) {
      const detail = err instanceof Error ? `${err.name}: ${err.message}` : err === undefined ? '' : JSON.stringify(err);
      remember(`ERROR ${message}${detail ? ` (${detail})` : ''}`);
      logger.error(message, err instanceof Error ? (err.stack ?? detail) : detail);
    },
    info(message) {
      remember(`INFO ${message}`);
      logger.info(message);
    },
    recent: () => [...recent],
  };
}
