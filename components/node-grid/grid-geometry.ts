import type { GridRow } from './grid-model';

export interface Geometry {
  /** Top y of each row, plus the total height as the last entry. */
  offsets: number[];
  pitch: number;
  cell: number;
  pad: number;
  headerHeight: number;
}

export function rowHeights(rows: GridRow[], pitch: number, headerHeight: number): number[] {
  return rows.map((r) => (r.kind === 'header' ? headerHeight : pitch));
}

export function geometry(rows: GridRow[], cell: number, gap: number, headerHeight: number, pad: number): Geometry {
  const pitch = cell + gap;
  const offsets = [pad];
  for (const h of rowHeights(rows, pitch, headerHeight)) offsets.push((offsets[offsets.length - 1] ?? 0) + h);
  return { offsets, pitch, cell, pad, headerHeight };
}

/** Index of the row containing y (binary search over offsets), or -1 outside the rows. */
export function rowAt(g: Geometry, y: number): number {
  const { offsets } = g;
  if (y < (offsets[0] ?? 0) || y >= (offsets[offsets.length - 1] ?? 0)) return -1;
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Flat position of the cell under (x, y), or -1 for gaps, headers and empty space. */
export function hitTest(g: Geometry, rows: GridRow[], x: number, y: number): number {
  const r = rowAt(g, y);
  const row = rows[r];
  if (!row || row.kind !== 'cells') return -1;
  const col = Math.floor((x - g.pad) / g.pitch);
  const inCellX = x - g.pad - col * g.pitch;
  const inCellY = y - (g.offsets[r] ?? 0);
  if (col < 0 || col >= row.items.length || inCellX > g.cell || inCellY > g.cell) return -1;
  return row.start + col;
}

/** Where a flat position is drawn: its row index and top-left corner. */
export function cellBox(g: Geometry, rows: GridRow[], position: number): { row: number; x: number; y: number } | null {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row?.kind === 'cells' && position >= row.start && position < row.start + row.items.length)
      return { row: r, x: g.pad + (position - row.start) * g.pitch, y: g.offsets[r] ?? 0 };
  }
  return null;
}

/** Rows overlapping the band [top, bottom) as a half-open index range: what a viewport shows. */
export function rowsInView(g: Geometry, top: number, bottom: number): { first: number; end: number } {
  const rowCount = g.offsets.length - 1;
  const first = top < (g.offsets[0] ?? 0) ? 0 : rowAt(g, top);
  if (first < 0) return { first: rowCount, end: rowCount };
  let end = first;
  while (end < rowCount && (g.offsets[end] ?? 0) < bottom) end++;
  return { first, end };
}

/** A stretch of the grid, in grid y: what the canvas holds. */
export interface Span {
  top: number;
  height: number;
}

/**
 * The stretch of `height` the canvas paints around a scroll position: centred on the view, kept
 * inside the grid where it can be, so small scrolls move pixels already painted. `height` is fixed
 * by the caller (not the grid's), so a filter that shortens the grid repaints the canvas without
 * reallocating its bitmap (past the grid's end it stays blank, clipped by the spacer).
 */
export function bandAround(scrollTop: number, view: number, total: number, height: number): Span {
  const above = Math.max(0, Math.floor((height - view) / 2));
  return { top: Math.max(0, Math.min(scrollTop - above, total - height)), height };
}

/** Does the painted band still hold everything in view? */
export function bandCovers(band: Span, scrollTop: number, view: number): boolean {
  return scrollTop >= band.top && scrollTop + view <= band.top + band.height;
}
