import { useEffect, useState } from 'react';

/**
 * For a dialog: where the keyboard was when it opened (the button that opened it, say), and, once
 * it closes, the keyboard put back there, unless something else has taken it meanwhile. Without
 * this the keyboard fell to the page's body when a dialog closed, and the next Tab started again
 * from the top of the page.
 */
export function useReturnFocus(): void {
  // Read as the dialog first renders: its own fields take the keyboard only after that.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null,
  );
  useEffect(
    () => () => {
      // After the dialog has gone from the page (the keyboard falls to the body then).
      setTimeout(() => {
        const free = document.activeElement === null || document.activeElement === document.body;
        // Not behind another dialog that took this one's place (the next photo's editor, say).
        const anotherOpen = document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
        if (free && !anotherOpen && opener?.isConnected) opener.focus();
      }, 0);
    },
    [opener],
  );
}
