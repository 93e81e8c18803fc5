import { changesNothing, type ClinicChange } from '../../shared/network';

const numberIn = (v: unknown, key: string): number | null => {
  if (v && typeof v === 'object' && key in v) {
    const n = (v as Record<string, unknown>)[key];
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  }
  return null;
};

/**
 * What a successful call changed, in the words the screens listen for: its namespace and the
 * patient concerned (from the input, or the record it returned). Reads change nothing.
 */
export function changeOf(method: string, input: unknown, value: unknown): ClinicChange | null {
  if (changesNothing(method) || method.startsWith('auth.') || method.startsWith('account.') || method.startsWith('network.')) {
    return null;
  }
  const topic = method.split('.')[0]!;
  let patientId = numberIn(input, 'patientId') ?? numberIn(value, 'patientId');
  if (patientId === null && topic === 'patients') patientId = numberIn(input, 'id') ?? numberIn(value, 'id');
  if (patientId === null && input && typeof input === 'object' && 'treatment' in input) {
    patientId = numberIn(input.treatment, 'patientId');
  }
  return { topic, patientId };
}

type Listener = (change: ClinicChange) => void;

/** The host's changes, told to its own window and to every workstation's event stream. */
export class ChangeFeed {
  private listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: ClinicChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // One listener's failure (a closed stream) never stops the others.
      }
    }
  }
}
