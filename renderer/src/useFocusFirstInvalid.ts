import { useEffect, useState, type RefObject } from 'react';

/**
 * After a refused save, moves keyboard focus to the first field marked invalid. The
 * focus happens in an effect, after React has written the aria-invalid attributes.
 */
export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>): () => void {
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    if (requests > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [requests, formRef]);
  return () => setRequests((n) => n + 1);
}
