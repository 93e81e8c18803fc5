import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { PatientSummary } from '../../../shared/patients';
import { displayName } from '../../../shared/patients';
import { call } from '../api';
import { useFormat } from '../format';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * "Find a patient" from every screen: the box in the sidebar, or Ctrl+K (⌘K on a Mac) anywhere.
 * Part of a name (typos forgiven) or any part of a phone number; arrow keys and Enter open the record.
 */
export function QuickFind() {
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ text: string; patients: PatientSummary[] } | null>(null);
  const [active, setActive] = useState(0);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const query = text.trim();
  useEffect(() => {
    if (!open || query.length < 2) return;
    let latest = true;
    const timer = setTimeout(() => {
      void call('patients.list', { text: query, sort: 'name', includeArchived: false }).then((l) => {
        if (!latest) return;
        setFound({ text: query, patients: l.patients.slice(0, 8) });
        setActive(0);
      });
    }, 60);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [open, query]);

  const results = found && found.text === query && query.length >= 2 ? found.patients : [];

  function close() {
    setOpen(false);
    setText('');
    setFound(null);
    opener.current?.focus();
  }

  function go(p: PatientSummary) {
    window.location.hash = `#/patients/${p.id}`;
    setOpen(false);
    setText('');
    setFound(null);
  }

  return (
    <>
      <button
        type="button"
        className="quick-find-open"
        onClick={(e) => {
          opener.current = e.currentTarget;
          setOpen(true);
        }}
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
      >
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
          <path
            d="M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14Zm9 3-4.3-4.3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
          />
        </svg>
        <span>Find a patient</span>
        <kbd>{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      {/* On the body, not inside the sticky sidebar: there the page's own positioned fields were drawn over it. */}
      {open &&
        createPortal(
          <div
            className="modal-backdrop quick-find-backdrop"
            onMouseDown={(e) => {
              if (e.target === e.currentTarget) close();
            }}
          >
            <div className="modal quick-find" role="dialog" aria-modal="true" aria-label="Find a patient">
              <input
                className="quick-find-input"
                type="search"
                value={text}
                placeholder="Name, any part of the phone number, or email"
                aria-label="Find a patient"
                role="combobox"
                aria-expanded={results.length > 0}
                aria-controls="quick-find-results"
                aria-autocomplete="list"
                aria-activedescendant={results[active] ? `quick-find-${results[active].id}` : undefined}
                autoFocus
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    e.preventDefault();
                    close();
                  } else if (e.key === 'ArrowDown') {
                    e.preventDefault();
                    setActive((i) => Math.min(i + 1, results.length - 1));
                  } else if (e.key === 'ArrowUp') {
                    e.preventDefault();
                    setActive((i) => Math.max(i - 1, 0));
                  } else if (e.key === 'Enter' && results[active]) {
                    e.preventDefault();
                    go(results[active]);
                  }
                }}
              />
              {results.length > 0 && (
                <ul id="quick-find-results" role="listbox" aria-label="Matching patients" className="quick-find-results">
                  {results.map((p, i) => (
                    <li
                      key={p.id}
                      id={`quick-find-${p.id}`}
                      role="option"
                      aria-selected={i === active}
                      className={i === active ? 'row-active' : undefined}
                      onMouseDown={(e) => {
                        e.preventDefault();
                        go(p);
                      }}
                    >
                      <strong>{displayName(p)}</strong>
                      <span className="muted small">
                        {[p.dob && `born ${format.date(p.dob)}`, p.phone].filter(Boolean).join(' · ')}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {query.length >= 2 && found?.text === query && results.length === 0 && (
                <p className="muted quick-find-empty">No patient matches “{query}”.</p>
              )}
              <p className="muted small quick-find-hint">↑ ↓ to choose · Enter to open · Esc to close</p>
            </div>
          </div>,
          document.body,
        )}
    </>
  );
}
