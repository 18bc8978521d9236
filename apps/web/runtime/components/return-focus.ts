"use client";
/**
 * Focus back on whatever opened a dialog once it closes. Radix returns focus to the
 * dialog's own Trigger, and the runtime opens its dialogs from many places without one,
 * so focus would fall to the page's start and keyboard users lose their place.
 */
import { useMemo, useRef } from "react";

export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);
  return useMemo(
    () => ({
      /** Call as the dialog opens, while the opener still has focus. */
      remember() {
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      },
      /** For the dialog content's onCloseAutoFocus. */
      onCloseAutoFocus(event: Event) {
        const target = opener.current;
        opener.current = null;
        if (!target?.isConnected) return;
        event.preventDefault();
        target.focus();
      },
    }),
    [],
  );
}
