import { app, BrowserWindow, dialog, Menu, powerMonitor, protocol, safeStorage, session } from 'electron';
import path from 'node:path';
import { EVENT_CHANNEL } from '../shared/bridge';
import { createStation, type Station } from './network/station';
import type { SecretBox } from './network/store';
import { chooseDataDir } from './dataDir';
import { registerIpc } from './ipc';
import { APP_ORIGIN } from './security';
import { createAppProtocolHandler } from './shell/appProtocol';
import { createSaveTargets } from './shell/saveTargets';
import { appMenuTemplate } from './shell/menu';

const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');
const APP_SCHEME = 'app';

// Must run before `ready`: app:// behaves like https (secure, standard URL parsing).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let station: Station | null = null;

function serveAppProtocol(): void {
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rendererRoot: RENDERER_ROOT,
      photo: (pathname) => station?.photo(pathname) ?? { status: 404 },
      // A workstation keeps nothing of the clinic on disk, Chromium's cache included.
      photoCacheControl: () => (station?.role === 'workstation' ? 'no-store' : 'private, max-age=3600'),
    }),
  );
}

/** The operating system's own protection for this computer's network key, where it offers one. */
function secretBox(): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return {
    seal: (plain) => safeStorage.encryptString(plain.toString('utf8')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'utf8'),
  };
}

function hardenSessions(): void {
  // Every permission is refused, except the camera (video only) for our own page while its capture
  // view is open: electron/shell/cameraPermission.ts decides, through the core, which knows who is
  // signed in and whether the view holds the camera.
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    const media = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(
      station?.core?.allowPermission({
        permission,
        url: details.requestingUrl || contents.getURL(),
        isMainFrame: details.isMainFrame,
        mediaTypes: media,
      }) ?? false,
    );
  });
  session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin, details) =>
      station?.core?.allowPermission({
        permission,
        url: details.requestingUrl ?? requestingOrigin,
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType ? [details.mediaType] : [],
      }) ?? false,
  );
  app.on('web-contents-created', (_event, contents) => {
    // The app opens no second windows and no web pages.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // A page that reloads or goes away no longer holds the camera (moving between screens is a
    // same-document navigation of the hash, which the capture view handles itself).
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) station?.core?.closeCamera();
    });
    contents.on('render-process-gone', () => station?.core?.closeCamera());
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    // The packaged app's own icon comes from the installer; this one shows in the taskbar when run with npm start.
    icon: path.join(__dirname, '..', '..', 'resources', 'icon.png'),
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: 'Clinic Records',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      // A middle-click must not open a link in a new window behind the open handler's back.
      disableBlinkFeatures: 'Auxclick',
      // No developer tools in the installed app: they would open every patient's data to anyone at the keyboard.
      devTools: !app.isPackaged,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

/** Save as PDF and exports: where the user chooses, through this window's dialog. */
const saveTargets = createSaveTargets({
  showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : null),
  showOpenFolderDialog: (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : null),
  printToPdf: async () => {
    if (!mainWindow) throw new Error('No window to print');
    return mainWindow.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
  },
  get documentsDir() {
    return app.getPath('documents');
  },
  get picturesDir() {
    return app.getPath('pictures');
  },
});

/** Tells the user why the app cannot start; under test there is no one to click a dialog away. */
function reportFatal(title: string, message: string): void {
  if (process.env.CLINIC_TEST === '1') console.error(`${title}: ${message}`);
  else dialog.showErrorBox(title, message);
}

function start(): void {
  const choice = chooseDataDir(process.argv, process.env, app.getPath('userData'));
  if (!choice.ok) {
    reportFatal('Clinic Records cannot start', choice.message);
    app.exit(2);
    return;
  }
  try {
    station = createStation({
      dataDir: choice.dir,
      trustedOrigin: APP_ORIGIN,
      version: app.getVersion(),
      log: (message, err) => console.error(message, err),
      savePdf: saveTargets.savePdf,
      saveFile: saveTargets.saveFile,
      box: secretBox(),
      choosePath: saveTargets.choosePath,
      chooseFolder: saveTargets.chooseFolder,
    });
    void station.start();
  } catch (err) {
    reportFatal('Clinic Records cannot open its data', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  // The application menu's "About Clinic Records": the version and where this clinic's data is.
  app.setAboutPanelOptions({
    applicationName: 'Clinic Records',
    applicationVersion: app.getVersion(),
    credits: `Data folder: ${choice.dir}`,
    iconPath: path.join(__dirname, '..', '..', 'resources', 'icon.png'),
  });
  hardenSessions();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({ packaged: app.isPackaged, mac: process.platform === 'darwin' }) as Parameters<
        typeof Menu.buildFromTemplate
      >[0],
    ),
  );
  serveAppProtocol();
  registerIpc(station.dispatch);
  // This computer's screen locks when it sleeps or its own screen locks (on a workstation, the
  // person's session on the host locks too); the page finds out on its next call or when the
  // window is shown again.
  powerMonitor.on('suspend', () => station?.lockAll('the computer went to sleep'));
  powerMonitor.on('lock-screen', () => station?.lockAll('the computer’s screen was locked'));
  // Changes made on other screens of the clinic, and a workstation's connection, reach the page.
  station.onEvent((event) => mainWindow?.webContents.send(EVENT_CHANNEL, event));
  createWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Two copies writing one clinic database would fight over it; the first one wins.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  // "Also back up when the app is closed": quitting waits for that backup (at most a few minutes).
  let backedUpAtQuit = false;
  app.on('before-quit', (event) => {
    const backups = station?.core?.backups;
    if (backedUpAtQuit || !backups || !backups.atQuit() || backups.places().length === 0) return;
    event.preventDefault();
    backedUpAtQuit = true;
    void backups
      .runNow(null)
      .catch(() => undefined)
      .finally(() => app.quit());
  });
  app.on('will-quit', () => void station?.close());
  void app.whenReady().then(start);
}
