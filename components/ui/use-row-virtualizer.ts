'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

/**
 * A virtualised list of fixed-height rows in a scroll container. The server cannot measure the
 * container, so the first HTML holds a screenful of rows (lists here are at most ~100vh tall);
 * the real size replaces it once mounted.
 */
export function useRowVirtualizer(count: number, scrollRef: RefObject<HTMLElement | null>, rowHeight: number) {
  return useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    initialRect: { width: 0, height: 720 },
  });
}
