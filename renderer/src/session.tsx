import { createContext, useContext } from 'react';
import type { SignedInPerson } from '../../shared/auth';
import { contract, type MethodName } from '../../shared/contract';

export interface Session {
  person: SignedInPerson;
  demo: boolean;
  clinicName: string;
  idleMinutes: number;
  lock: () => void;
  signOut: () => void;
  /** Reloads who is signed in (after a PIN change, say). */
  refresh: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
}

/**
 * Whether the signed-in person's role may call a method: the same table the main process
 * enforces, used here only to hide what they cannot use.
 */
export function mayCall(person: Pick<SignedInPerson, 'role'>, method: MethodName): boolean {
  return (contract[method].roles as readonly string[]).includes(person.role);
}

export function useCan(): (method: MethodName) => boolean {
  const { person } = useSession();
  return (method) => mayCall(person, method);
}
