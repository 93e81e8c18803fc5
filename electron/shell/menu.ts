/** A menu item as Electron's Menu.buildFromTemplate takes it (the parts used here). */
export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  submenu?: MenuItem[];
}

/**
 * The application menu. A packaged app has no developer tools, no reload and no way to open
 * them from the menu; a development build keeps them. macOS needs an app menu and an Edit menu
 * for copy and paste to work at all.
 */
export function appMenuTemplate(opts: { packaged: boolean; mac: boolean }): MenuItem[] {
  const edit: MenuItem = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItem = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(opts.packaged ? [] : [{ type: 'separator' as const }, { role: 'reload' }, { role: 'toggleDevTools' }]),
    ],
  };
  const window: MenuItem = {
    label: 'Window',
    submenu: [{ role: 'minimize' }, ...(opts.mac ? [{ role: 'zoom' }] : [{ role: 'close' }])],
  };
  const app: MenuItem[] = opts.mac
    ? [
        {
          label: 'Clinic Records',
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [{ label: 'File', submenu: [{ role: 'quit' }] }];
  return [...app, edit, view, window];
}

/** Every role in a menu, however deep. */
export function menuRoles(items: readonly MenuItem[]): string[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...menuRoles(i.submenu ?? [])]);
}
