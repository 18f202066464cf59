'use client';

import { useState, useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * Whether a focusable widget has focus, and whether it has hydrated. The server's HTML already
 * shows the widget; focus given to it before hydration fires no React onFocus, so a key pressed
 * inside it counts as focus too (`onKey`), else the first arrow key would mark nothing active.
 * `hydrated` lets the widget say when its keys and clicks work (`data-hydrated`).
 */
export function useFocusState() {
  const [focused, setFocused] = useState(false);
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const onKey = () => {
    if (!focused) setFocused(true);
  };
  return { focused, setFocused, hydrated, onKey };
}
