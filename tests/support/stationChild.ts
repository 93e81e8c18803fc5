/**
 * One computer of the clinic in a process of its own, for the tests that run a host and its
 * workstations as separate processes: a Station (electron/network/station.ts) without a window,
 * driven by its parent over the IPC channel. Usage: node --import tsx stationChild.ts DATA_DIR ISO_NOW
 */
import path from 'node:path';
import { TEST_KDF } from '../../electron/auth/crypto';
import { createStation } from '../../electron/network/station';
import type { Clock } from '../../electron/clock';

const [dataDir, now] = process.argv.slice(2) as [string, string];
let nowMs = Date.parse(now);
const clock: Clock = { nowMs: () => nowMs };
const PAGE = { url: 'app://clinic/index.html', isMainFrame: true };
// Set by spawnComputerProcess's options: mDNS on a network of the test's own, and a folder picker's answer.
const mdns = process.env.CLINIC_TEST_MDNS ? (JSON.parse(process.env.CLINIC_TEST_MDNS) as Record<string, unknown>) : false;
const chosenFolder = process.env.CLINIC_TEST_CHOOSE_FOLDER;

const station = createStation({
  dataDir: path.join(dataDir, 'clinic'),
  demoDir: path.join(dataDir, 'demo'),
  trustedOrigin: 'app://clinic',
  clock,
  systemTimeZone: 'Europe/London',
  kdf: TEST_KDF,
  messageIntervalMs: 0,
  bindAddress: '127.0.0.1',
  mdns,
  ...(chosenFolder ? { chooseFolder: () => Promise.resolve(chosenFolder) } : {}),
  addresses: () => ['127.0.0.1'],
  retryWindowMs: 2000,
  log: (message, err) => process.stderr.write(`${message} ${err instanceof Error ? err.message : ''}\n`),
});
station.onEvent((event) => process.send!({ event }));

type Request = { id: number; op: 'dispatch' | 'photo' | 'setClock' | 'close'; args: Record<string, unknown> };

process.on('message', (msg: Request) => {
  void (async () => {
    try {
      let result: unknown;
      if (msg.op === 'dispatch') {
        const door = msg.args.door as 'files' | undefined;
        result = await station.dispatch(door ? { ...PAGE, door } : PAGE, msg.args.method, msg.args.input);
      } else if (msg.op === 'photo') {
        const r = await station.photo(String(msg.args.pathname));
        result =
          r.status === 200 ? { status: 200, bytes: r.body.length, base64: r.body.toString('base64') } : { status: r.status };
      } else if (msg.op === 'setClock') {
        nowMs = Date.parse(String(msg.args.iso));
        result = nowMs;
      } else {
        await station.close();
        result = true;
      }
      process.send!({ id: msg.id, result });
      if (msg.op === 'close') process.exit(0);
    } catch (err) {
      process.send!({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});

void station.start().then(() => process.send!({ ready: true }));
