import { useEffect, type RefObject } from 'react';

/**
 * react-big-calendar gives its div layout table roles (table, rowgroup, row, cell,
 * columnheader) without the structure those roles require, so screen readers announce
 * a broken table and axe reports aria-required-children/parent. The grid views are not
 * tables a person navigates cell by cell: their content is the appointments, each a
 * labelled button reachable by Tab. So the half-table roles are removed from the layout,
 * and the agenda, which scrolls, is made focusable so it can be scrolled from the keyboard.
 */
const LAYOUT_ROLES = '.rbc-month-view[role], .rbc-month-view [role], .rbc-time-view[role], .rbc-time-view [role]';
const KEEP = new Set(['button', 'link', 'application', 'dialog']);

function repair(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>(LAYOUT_ROLES).forEach((el) => {
    const role = el.getAttribute('role');
    if (role && !KEEP.has(role)) el.removeAttribute('role');
    if (el.hasAttribute('aria-sort')) el.removeAttribute('aria-sort');
  });
  root.querySelectorAll<HTMLElement>('.rbc-agenda-view:not([tabindex])').forEach((el) => {
    el.tabIndex = 0;
    el.setAttribute('aria-label', 'Agenda');
  });
}

export function useCalendarA11y(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    repair(root);
    // One pass per batch of changes: a redraw of hundreds of appointments is one batch.
    const observer = new MutationObserver(() => repair(root));
    observer.observe(root, { subtree: true, childList: true });
    return () => observer.disconnect();
  }, [ref]);
}
