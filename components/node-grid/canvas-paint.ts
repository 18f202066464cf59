import type { Sprites } from './cell-sprites';
import { cellBox, rowsInView, type Geometry } from './grid-geometry';
import type { GridRow } from './grid-model';

export interface Band {
  /** Grid y at the canvas's top edge, and the height shown. */
  top: number;
  height: number;
  width: number;
}

export interface PaintInput {
  rows: GridRow[];
  geo: Geometry;
  sprites: Sprites;
  /** Colour of group header text. */
  text: string;
  groupKey?: string;
  /** Flat position to outline (the keyboard's active cell), or undefined. */
  active?: number;
}

/**
 * Paints the rows of the grid that overlap the band: cells as pre-drawn sprites, group headers
 * as text. The context's transform must already scale device pixels; the band offset is added here.
 */
export function paintBand(ctx: CanvasRenderingContext2D, dpr: number, band: Band, p: PaintInput): void {
  const { rows, geo } = p;
  const cell = geo.cell;
  ctx.setTransform(dpr, 0, 0, dpr, 0, -band.top * dpr);
  ctx.clearRect(0, band.top, band.width, band.height);
  ctx.textBaseline = 'alphabetic';
  const { first, end } = rowsInView(geo, band.top, band.top + band.height);
  for (let r = first; r < end; r++) {
    const row = rows[r];
    const y = geo.offsets[r] ?? 0;
    if (row?.kind === 'header') {
      const baseline = y + geo.headerHeight - 10;
      ctx.fillStyle = p.text;
      ctx.font = '600 12px ui-sans-serif, system-ui, sans-serif';
      const title = row.group.value ? `${p.groupKey}=${row.group.value}` : `no ${p.groupKey} label`;
      ctx.fillText(title, geo.pad, baseline);
      const titleWidth = ctx.measureText(title).width;
      ctx.globalAlpha = 0.6;
      ctx.font = '12px ui-sans-serif, system-ui, sans-serif';
      ctx.fillText(`${row.group.items.length} ${row.group.items.length === 1 ? 'node' : 'nodes'}`, geo.pad + titleWidth + 10, baseline);
      ctx.globalAlpha = 1;
    } else if (row) {
      for (let i = 0; i < row.items.length; i++) {
        const item = row.items[i]!;
        ctx.drawImage(p.sprites[item.taint && item.state === 'ineligible' ? 'taint' : item.state], geo.pad + i * geo.pitch, y, cell, cell);
      }
    }
  }
  const box = p.active === undefined ? null : cellBox(geo, rows, p.active);
  if (box) {
    ctx.strokeStyle = '#6366f1';
    ctx.lineWidth = 2;
    ctx.strokeRect(box.x - 2, box.y - 2, cell + 4, cell + 4);
  }
}
