import { describe, expect, it } from 'vitest';
import type { GridItem, GridRow } from './grid-model';
import { bandAround, bandCovers, cellBox, geometry, hitTest, rowAt, rowsInView } from './grid-geometry';

const item = (node: string) => ({ node }) as GridItem;
const rows: GridRow[] = [
  { kind: 'header', key: 'h:a', group: { value: 'a', items: [] } },
  { kind: 'cells', key: 'c:a:0', start: 0, items: [item('n0'), item('n1'), item('n2')] },
  { kind: 'cells', key: 'c:a:3', start: 3, items: [item('n3')] },
];
// cell 14, gap 3 → pitch 17; header 30; padding 8
const g = geometry(rows, 14, 3, 30, 8);

describe('grid geometry', () => {
  it('stacks header and cell rows', () => {
    expect(g.offsets).toEqual([8, 38, 55, 72]);
    expect(rowAt(g, 7)).toBe(-1);
    expect(rowAt(g, 8)).toBe(0);
    expect(rowAt(g, 54)).toBe(1);
    expect(rowAt(g, 55)).toBe(2);
    expect(rowAt(g, 72)).toBe(-1);
  });

  it('maps a point to the cell under it, and gaps or headers to nothing', () => {
    expect(hitTest(g, rows, 8, 38)).toBe(0);
    expect(hitTest(g, rows, 8 + 17 * 2 + 13, 38 + 13)).toBe(2);
    expect(hitTest(g, rows, 8 + 15, 40)).toBe(-1); // in the gap between n0 and n1
    expect(hitTest(g, rows, 8 + 17, 60)).toBe(-1); // past the end of a short row
    expect(hitTest(g, rows, 10, 20)).toBe(-1); // header
    expect(hitTest(g, rows, 8 + 17, 56)).toBe(-1); // n4 does not exist
    expect(hitTest(g, rows, 9, 56)).toBe(3);
  });

  it('places a position back on the canvas', () => {
    expect(cellBox(g, rows, 2)).toEqual({ row: 1, x: 8 + 34, y: 38 });
    expect(cellBox(g, rows, 3)).toEqual({ row: 2, x: 8, y: 55 });
    expect(cellBox(g, rows, 9)).toBeNull();
  });

  it('names the rows a viewport band overlaps', () => {
    expect(rowsInView(g, 0, 30)).toEqual({ first: 0, end: 1 });
    expect(rowsInView(g, 0, 200)).toEqual({ first: 0, end: 3 });
    expect(rowsInView(g, 40, 56)).toEqual({ first: 1, end: 3 });
    expect(rowsInView(g, 55, 60)).toEqual({ first: 2, end: 3 });
    expect(rowsInView(g, 80, 120)).toEqual({ first: 3, end: 3 });
  });

  it('paints a band around the view, inside the grid, and repaints only when the view leaves it', () => {
    // grid 10,000 px tall, view 600, band 1,200 (300 above and below)
    expect(bandAround(0, 600, 10_000, 1200)).toEqual({ top: 0, height: 1200 });
    expect(bandAround(5000, 600, 10_000, 1200)).toEqual({ top: 4700, height: 1200 });
    expect(bandAround(9400, 600, 10_000, 1200)).toEqual({ top: 8800, height: 1200 });
    expect(bandAround(0, 300, 500, 1200)).toEqual({ top: 0, height: 1200 }); // a short grid: same bitmap, from the top
    const band = bandAround(5000, 600, 10_000, 1200);
    expect(bandCovers(band, 5000, 600)).toBe(true);
    expect(bandCovers(band, 4700, 600)).toBe(true);
    expect(bandCovers(band, 5300, 600)).toBe(true);
    expect(bandCovers(band, 4699, 600)).toBe(false);
    expect(bandCovers(band, 5301, 600)).toBe(false);
  });
});
