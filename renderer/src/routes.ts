import { useEffect, useState } from 'react';

import type { MethodName } from '../../shared/contract';

/** The app's sections; `needs` is the method a role must be allowed to call to see the section (null: everyone). */
export const SECTIONS: readonly { id: string; label: string; icon: string; needs: MethodName | null }[] = [
  { id: 'today', label: 'Today', icon: 'sun', needs: null },
  { id: 'calendar', label: 'Calendar', icon: 'calendar', needs: 'appointments.range' },
  { id: 'patients', label: 'Patients', icon: 'people', needs: 'patients.list' },
  { id: 'recall', label: 'Recall', icon: 'bell', needs: 'recall.list' },
  { id: 'messages', label: 'Messages', icon: 'mail', needs: 'outbox.list' },
  { id: 'photos', label: 'Photos', icon: 'image', needs: 'photos.recent' },
  { id: 'settings', label: 'Settings', icon: 'gear', needs: null },
] as const;

export type SectionId = 'today' | 'calendar' | 'patients' | 'recall' | 'messages' | 'photos' | 'settings';

export interface Route {
  section: SectionId;
  /** What follows the section in the hash: "#/settings/rules" gives ["rules"]. */
  rest: string[];
}

function routeFromHash(hash: string): Route {
  const [id, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const section = (SECTIONS.find((s) => s.id === id)?.id ?? 'today') as SectionId;
  return { section, rest: rest.filter(Boolean) };
}

/** The current route, kept in the URL hash so a reload stays where the user was. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
