import { useEffect, useState } from 'react';

export const SECTIONS = [
  { id: 'today', label: 'Today', icon: 'sun' },
  { id: 'calendar', label: 'Calendar', icon: 'calendar' },
  { id: 'patients', label: 'Patients', icon: 'people' },
  { id: 'recall', label: 'Recall', icon: 'bell' },
  { id: 'photos', label: 'Photos', icon: 'image' },
  { id: 'settings', label: 'Settings', icon: 'gear' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return SECTIONS.find((s) => s.id === id)?.id ?? 'today';
}

/** The current section, kept in the URL hash so a reload stays where the user was. */
export function useSection(): SectionId {
  const [section, setSection] = useState(() => sectionFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setSection(sectionFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return section;
}
