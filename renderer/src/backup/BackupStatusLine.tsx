import { useEffect } from 'react';
import { useCan } from '../session';
import { useCall } from '../useCall';

/**
 * "Last verified backup: 2 hours ago, to E:\ClinicBackup": green under a day, amber under three
 * days, red after that or when the last backup failed (with the reason). On Today, for everyone.
 */
export function BackupStatusLine() {
  const status = useCall('backups.status', {});
  const can = useCan();
  const running = status.data?.running !== null && status.data?.running !== undefined;
  const { reload } = status;
  useEffect(() => {
    if (!running) return;
    const t = window.setTimeout(reload, 1000);
    return () => window.clearTimeout(t);
  }, [running, reload, status.data]);
  if (!status.data) return null;
  const s = status.data;
  return (
    <p className={`backup-line backup-${s.health}`} data-testid="backup-status" data-health={s.health} role="status">
      <span className="backup-dot" aria-hidden="true" />
      <span>
        {s.running ? `Backing up now: ${s.running.step.toLowerCase()}…` : s.healthText}
        {can('backups.run') && (
          <>
            {' '}
            <a href="#/settings/backups">{s.places.length === 0 ? 'Set up backups' : 'Backups'}</a>
          </>
        )}
      </span>
    </p>
  );
}
