import { useEffect, useState } from 'react';

export const SECTIONS = [
  { id: 'today', label: 'Today', icon: 'sun' },
  { id: 'calendar', label: 'Calendar', icon: 'calendar' },
  { id: 'patients', label: 'Patients', icon: 'people' },
  { id: 'recall', label: 'Recall', icon: 'bell' },
  { id: 'messages', label: 'Messages', icon: 'mail' },
  { id: 'photos', label: 'Photos', icon: 'image' },
  { id: 'settings', label: 'Settings', icon: 'gear' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export interface Route {
  section: SectionId;
  /** What follows the section in the hash: "#/settings/rules" gives ["rules"]. */
  rest: string[];
}

function routeFromHash(hash: string): Route {
  const [id, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const section = SECTIONS.find((s) => s.id === id)?.id ?? 'today';
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
