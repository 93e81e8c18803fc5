import type { AuthStatus } from '../../shared/auth';
import type { ClinicAccess } from '../auth/clinicAccess';
import type { Handlers } from '../dispatch';

type PublicHandlers = Pick<
  Handlers,
  | 'auth.status'
  | 'auth.setupClinic'
  | 'auth.signIn'
  | 'auth.setPassword'
  | 'auth.lock'
  | 'auth.unlock'
  | 'auth.signOut'
  | 'auth.recover'
  | 'auth.exploreDemo'
  | 'auth.leaveDemo'
>;

/**
 * The sign-in methods: the only ones callable with no one signed in. Each acts on the calling
 * screen's own session (the dispatcher gives it; the page cannot name another).
 */
export function authHandlers(o: {
  access: ClinicAccess;
  exploreDemo: (session: string) => Promise<AuthStatus>;
  leaveDemo: (session: string) => AuthStatus;
}): PublicHandlers {
  const { access } = o;
  return {
    'auth.status': (_input, { session }) => access.status(session),
    'auth.setupClinic': (input, { session }) => access.setupClinic(session, input),
    'auth.signIn': ({ name, password }, { session }) => access.signIn(session, name, password),
    'auth.setPassword': ({ password }, { session }) => access.setPassword(session, password),
    'auth.lock': (_input, { session }) => access.lock(session),
    'auth.unlock': (input, { session }) => access.unlock(session, input),
    'auth.signOut': (_input, { session }) => access.signOut(session),
    'auth.recover': (input, { session }) => access.recover(session, input),
    'auth.exploreDemo': (_input, { session }) => o.exploreDemo(session),
    'auth.leaveDemo': (_input, { session }) => o.leaveDemo(session),
  };
}
