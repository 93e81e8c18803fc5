import { test as base, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_KDF } from '../../electron/auth/crypto';
import { fixedClock, type Clock } from '../../electron/clock';
import { createClinicCore, type ClinicCore } from '../../electron/core';
import { startStaticServer, type StaticServer } from './server';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import type { Envelope } from '../../shared/envelope';

export const RENDERER_ROOT = path.resolve(__dirname, '../../build/renderer');
/** The owner of every harness clinic that is not a first run, signed in on the page's screen. */
export const HARNESS_OWNER = { name: 'Olivia Owner', password: 'correct horse battery staple' };
/** Every UI test sees the same "now" unless it asks for another. */
export const DEFAULT_NOW = '2026-11-22T10:00:00Z';

/**
 * One clinic for one test: a real SQLite file in a temp folder, the real handlers and
 * dispatcher, bound into the page as `window.clinic` over Playwright's exposeBinding.
 */
export class ClinicHarness {
  core: ClinicCore;
  /** What the folder picker answers next ("Add a place…"); null is "cancelled". */
  private nextFolder: string | null = null;
  /** Moves the main process's clock (see `setNow`); null keeps the fixture's. */
  private movedMs: number | null = null;
  /** Calls from the page still waiting for their answer (see `settled`). */
  private pending = 0;
  /** The page's calls held back until the test lets them through (see `holdAnswers`). */
  private holds = new Map<string, HeldAnswers>();

  constructor(
    readonly page: Page,
    readonly origin: string,
    readonly dataDir: string,
    private clock: Clock,
  ) {
    this.core = this.open();
  }

  private open(): ClinicCore {
    return createClinicCore({
      dataDir: path.join(this.dataDir, 'clinic'),
      demoDir: path.join(this.dataDir, 'demo'),
      trustedOrigin: this.origin,
      clock: { nowMs: () => this.movedMs ?? this.clock.nowMs() },
      version: 'test',
      // Backups are made when a test presses "Back up now", and no check runs behind its back.
      backupCheckMs: 0,
      quickCheckAfterMs: null,
      chooseFolder: () => Promise.resolve(this.nextFolder),
      choosePath: (fileName) => {
        fs.mkdirSync(path.join(this.dataDir, 'exports'), { recursive: true });
        return Promise.resolve(path.join(this.dataDir, 'exports', fileName));
      },
      systemTimeZone: 'Europe/London',
      // Cheap password hashing for tests about other things; the sign-in tests measure nothing with it.
      kdf: TEST_KDF,
      // The outbox goes when a test presses "Send now", not on a timer behind its back.
      messageIntervalMs: 0,
      // The harness's "Save as PDF": the page as Chromium prints it, into the test's folder.
      savePdf: async (fileName) => {
        const file = path.join(this.dataDir, 'exports', fileName);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await this.page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
        return file;
      },
      // The harness's save dialog: the export goes into the test's folder under the suggested name.
      saveFile: async (fileName, bytes) => {
        const file = path.join(this.dataDir, 'exports', fileName);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await fs.promises.writeFile(file, bytes);
        return file;
      },
    });
  }

  /** Whether Chromium has been told the page may use the camera (see syncCamera). */
  private cameraGranted = false;
  /**
   * The operating system's own camera switch (macOS and Windows privacy settings): a test sets it
   * false to see the app's message when the system refuses a camera the app would allow.
   */
  systemCameraAllowed = true;

  /**
   * The harness's stand-in for Electron's permission handlers: Chromium asks no handler of ours, so
   * after every call the harness asks the same decision the app's handlers ask (the camera, video
   * only, for this page's main frame) and grants or withdraws Chromium's camera permission to match.
   */
  private async syncCamera(url: string, isMainFrame: boolean): Promise<void> {
    const allowed =
      this.systemCameraAllowed && this.core.allowPermission({ permission: 'media', url, isMainFrame, mediaTypes: ['video'] });
    if (allowed === this.cameraGranted) return;
    this.cameraGranted = allowed;
    if (allowed) await this.page.context().grantPermissions(['camera'], { origin: this.origin });
    else await this.page.context().clearPermissions();
  }

  async bind(): Promise<void> {
    // Each call crosses as one JSON string each way: Playwright serialises a string far
    // faster than thousands of nested objects (Electron's IPC uses structured clone, also fast).
    // Bytes (a captured photo) cross as base64 marked {"__bytes": …} and arrive as a Uint8Array,
    // as Electron's structured clone delivers them.
    await this.page.exposeBinding('__clinicInvoke', async (source, method: unknown, inputJson: string) => {
      const isMainFrame = source.frame === source.page.mainFrame();
      const url = source.frame.url();
      this.pending++;
      try {
        const hold = typeof method === 'string' ? this.holds.get(method) : undefined;
        if (hold) {
          hold.arrive();
          await hold.released;
        }
        // The same sender facts Electron's IPC gives: the calling frame's URL and whether it is the main frame.
        const envelope = await this.core.dispatch(
          { url, isMainFrame },
          method,
          inputJson === undefined ? undefined : parseWithBytes(inputJson),
        );
        await this.syncCamera(url, isMainFrame);
        return JSON.stringify(envelope);
      } finally {
        this.pending--;
      }
    });
    await this.page.addInitScript(() => {
      // The system print dialog is the operating system's: the harness counts the calls instead
      // (headless Chromium would hold the page in a print job), and tests print with page.pdf.
      window.print = () => {
        const w = window as unknown as { __prints?: number };
        w.__prints = (w.__prints ?? 0) + 1;
      };
      const invoke = (window as unknown as { __clinicInvoke: (m: string, i: string | undefined) => Promise<string> })
        .__clinicInvoke;
      const base64 = (bytes: Uint8Array) => {
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(text);
      };
      const withBytes = (_key: string, v: unknown) => (v instanceof Uint8Array ? { __bytes: base64(v) } : v);
      Object.defineProperty(window, 'clinic', {
        value: Object.freeze({
          invoke: async (m: string, i: unknown) =>
            JSON.parse(await invoke(m, i === undefined ? undefined : JSON.stringify(i, withBytes))) as unknown,
          // The preload hands over paths; a browser page has none, so the harness uploads each file
          // to its loopback server, which saves it and stages that path the same way.
          stageFiles: async (files: File[]) => {
            const staged: unknown[] = [];
            for (const f of files) {
              const r = await fetch('/__harness/stage', {
                method: 'POST',
                headers: { 'x-file-name': encodeURIComponent(f.name) },
                body: f,
              });
              const envelope = (await r.json()) as { ok: boolean; value?: unknown[] };
              if (!envelope.ok) return envelope;
              staged.push(...envelope.value!);
            }
            return { ok: true, value: staged };
          },
        }),
        writable: false,
      });
    });
  }

  /** Closes the database and opens it again, as quitting and restarting the app would; the owner then signs in again. */
  async restart(opts: { signIn?: boolean } = {}): Promise<void> {
    this.core.close();
    this.core = this.open();
    if (opts.signIn !== false) await this.call('auth.signIn', { name: HARNESS_OWNER.name, password: HARNESS_OWNER.password });
  }

  /** Makes the folder picker answer with a folder inside the test's own (created), or null for "cancelled". */
  chooseFolder(name: string | null): string | null {
    this.nextFolder = name === null ? null : path.join(this.dataDir, name);
    if (this.nextFolder) fs.mkdirSync(this.nextFolder, { recursive: true });
    return this.nextFolder;
  }

  /**
   * Holds back the page's calls to `method`, unanswered, until the test calls `release`; every
   * call that comes while held is then answered, from the clinic as it is at that moment, and
   * later ones go straight through. A test can so make a late answer land exactly when it wants
   * (after the user has started on a field), where a delay would land wherever the machine's load
   * put it. `arrived` resolves when the first call comes in. A held call counts as waiting, so
   * `settled` waits for its release.
   */
  holdAnswers(method: MethodName): { arrived: Promise<void>; release: () => void } {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(method, { arrive, released, release });
    return {
      arrived,
      release: () => {
        if (this.holds.get(method)?.released === released) this.holds.delete(method);
        release();
      },
    };
  }

  /** Moves the main process's clock to another instant (the page's own clock is Playwright's). */
  setNow(isoInstant: string): void {
    this.movedMs = Date.parse(isoInstant);
  }

  /** A typed call through the same dispatcher the page uses, for setting up a test's data. */
  async call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    const r = (await this.core.dispatch({ url: `${this.origin}/`, isMainFrame: true }, method, input)) as Envelope<OutputOf<M>>;
    if (!r.ok) throw new Error(`${method}: ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    return r.value;
  }

  /**
   * Resolves once the page has had every call it made answered and has painted twice since with
   * none waiting: the screen shows all it asked for (the benchmark's walk through every screen).
   */
  async settled(): Promise<void> {
    for (let quiet = 0; quiet < 2;) {
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      quiet = this.pending === 0 ? quiet + 1 : 0;
    }
  }

  async goto(section: string): Promise<void> {
    await this.page.goto(`${this.origin}/index.html#/${section}`);
  }

  dispose(): void {
    // A test that failed before releasing what it held leaves no call waiting on the closed clinic.
    for (const hold of this.holds.values()) hold.release();
    this.holds.clear();
    this.core.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Calls to one method held back by `holdAnswers`. */
interface HeldAnswers {
  arrive: () => void;
  released: Promise<void>;
  release: () => void;
}

/** JSON as the page sent it, with {"__bytes": base64} turned back into the Uint8Array it was. */
function parseWithBytes(json: string): unknown {
  return JSON.parse(json, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === '__bytes' && typeof o.__bytes === 'string') {
        return new Uint8Array(Buffer.from(o.__bytes, 'base64'));
      }
    }
    return v;
  });
}

export const test = base.extend<
  { clinic: ClinicHarness; firstRun: boolean; clinicFolder: string | null },
  { server: StaticServer; zone: string }
>({
  /**
   * The harness's main-process code runs in the project's time zone too, like the page: Node
   * reads TZ again whenever it is set, and a worker serves one project.
   */
  zone: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use, workerInfo) => {
      const zone = workerInfo.project.use.timezoneId ?? 'Europe/London';
      process.env.TZ = zone;
      await use(zone);
    },
    { scope: 'worker', auto: true },
  ],
  /** Whether the clinic opens on the welcome screen; otherwise the owner has set it up and is signed in. */
  firstRun: [false, { option: true }],
  /**
   * An existing demo folder to open instead of a new clinic (the benchmark's 50,000-patient
   * clinic, built by scripts/benchClinic.ts): the test gets a copy of it in its own temp folder,
   * so the original is never written, and its owner signs in as "Explore with demo data" does.
   */
  clinicFolder: [null, { option: true }],
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const server = await startStaticServer(RENDERER_ROOT);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  clinic: async ({ page, server, firstRun, clinicFolder }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-ui-'));
    if (clinicFolder) fs.cpSync(clinicFolder, path.join(dataDir, 'clinic'), { recursive: true });
    const harness = new ClinicHarness(page, server.origin, dataDir, fixedClock(DEFAULT_NOW));
    await harness.bind();
    server.attach({
      get core() {
        return harness.core;
      },
      uploadDir: path.join(dataDir, 'uploads'),
    });
    if (clinicFolder) {
      await harness.call('auth.exploreDemo', {});
    } else if (!firstRun) {
      await harness.call('auth.setupClinic', {
        clinicName: 'Harbour Aesthetics',
        ownerName: HARNESS_OWNER.name,
        password: HARNESS_OWNER.password,
      });
    }
    await use(harness);
    server.attach(null);
    harness.dispose();
  },
});

export { expect } from '@playwright/test';
