import type { KeyboardEvent } from 'react';
import { moveFocus, type GridItem, type GridRow, type NavKey } from './grid-model';

const NAV_KEYS = new Set<string>(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/**
 * Keyboard behaviour shared by both grid modes: arrow keys / Home / End move the active cell and
 * `reveal` brings it into view (each mode scrolls its own way); Enter opens the active node.
 */
export function handleGridKey(
  e: KeyboardEvent<HTMLDivElement>,
  o: {
    rows: GridRow[];
    activePos: number;
    activeItem: GridItem | undefined;
    setActive: (pos: number) => void;
    open: (item: GridItem) => void;
    reveal: (pos: number) => void;
  },
): void {
  if (e.key === 'Enter' && o.activeItem) {
    e.preventDefault();
    o.open(o.activeItem);
    return;
  }
  if (!NAV_KEYS.has(e.key)) return;
  e.preventDefault();
  const next = moveFocus(o.rows, o.activePos, e.key as NavKey);
  o.setActive(next);
  o.reveal(next);
}
