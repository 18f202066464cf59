'use client';

import { useRef } from 'react';

/**
 * Props for a Radix Dialog.Content opened from a plain button (no Dialog.Trigger): Radix would drop
 * focus on <body> when it closes, so keyboard users would start over at the top of the page. These
 * remember what had focus when the dialog opened and give focus back to it on close.
 */
export function useFocusReturn() {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus: () => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    onCloseAutoFocus: (e: Event) => {
      if (!opener.current?.isConnected) return;
      e.preventDefault();
      opener.current.focus();
    },
  };
}
