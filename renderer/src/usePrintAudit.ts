import { useEffect, useRef } from 'react';
import type { InputOf } from '../../shared/contract';
import { call } from './api';

/**
 * Records in the audit trail that this page was printed, however the print was started (the
 * page's Print button or the keyboard shortcut): Chromium fires `beforeprint` for both.
 */
export function usePrintAudit(print: InputOf<'audit.recordPrint'> | null): void {
  const latest = useRef(print);
  // The print in force is the last one rendered; kept in the ref after the render, not during it.
  useEffect(() => {
    latest.current = print;
  });
  useEffect(() => {
    const onPrint = () => {
      if (latest.current) void call('audit.recordPrint', latest.current).catch(() => undefined);
    };
    window.addEventListener('beforeprint', onPrint);
    return () => window.removeEventListener('beforeprint', onPrint);
  }, []);
}
