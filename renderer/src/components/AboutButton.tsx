import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { AppInfo } from '../../../shared/contract';
import { useFormat } from '../format';

/** "About Clinic Records": the version, where the clinic's data is kept, and how it is backed up. */
export function AboutButton({ info }: { info: AppInfo }) {
  const [open, setOpen] = useState(false);
  const format = useFormat();
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button type="button" className="sidebar-action" onClick={() => setOpen(true)}>
        About
      </button>
      {/* On the body, not inside the sticky sidebar, where the page's own positioned parts were painted over it. */}
      {open &&
        createPortal(
          <div className="modal-backdrop">
            <div className="modal modal-narrow" role="dialog" aria-modal="true" aria-labelledby="about-title">
              <header className="modal-header">
                <h2 id="about-title">About Clinic Records</h2>
                <button type="button" className="button button-link" onClick={() => setOpen(false)}>
                  Close
                </button>
              </header>
              <div className="modal-body">
                <dl className="facts about-facts">
                  <dt>Version</dt>
                  <dd data-testid="about-version">{info.version}</dd>
                  <dt>Data folder</dt>
                  <dd>
                    <code className="about-path" data-testid="about-data-dir">
                      {info.dataDir}
                    </code>
                    {info.demo && <span className="pill pill-warn">Demo clinic</span>}
                  </dd>
                  <dt>Dates</dt>
                  <dd>
                    {format.longDate(info.today)} · {format.locale} · printouts on {format.paper === 'A4' ? 'A4' : 'US Letter'}
                  </dd>
                </dl>
                <p className="muted small">
                  Everything the clinic enters is in the data folder: the database and the photos, both encrypted. Settings →
                  Backups makes verified copies of it in places you choose; a copy opens only with a password of its time or the
                  recovery key.
                </p>
              </div>
            </div>
          </div>,
          document.body,
        )}
    </>
  );
}
