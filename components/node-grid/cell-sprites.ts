import { CELL_STATES, type CellState } from '@/lib/api/dto';

/** Sprite key: a cell state, or 'taint' for an ineligible cell excluded by a taint. */
export type SpriteKey = CellState | 'taint';

const VARS: Record<SpriteKey, string> = {
  ready: '--cell-ready',
  outdated: '--cell-outdated',
  starting: '--cell-starting',
  misscheduled: '--cell-misscheduled',
  'node-unhealthy': '--cell-unhealthy',
  missing: '--cell-missing',
  failing: '--cell-failing',
  ineligible: '--cell-ineligible',
  taint: '--cell-taint',
};

function alpha(color: string, a: number): string {
  return `color-mix(in srgb, ${color} ${Math.round(a * 100)}%, transparent)`;
}

/**
 * Draws one cell look (the same colour + pattern as the CSS classes in globals.css) into a
 * size×size box. Canvas fillStyle accepts color-mix() in current Chromium/Firefox/Safari.
 */
function paint(ctx: CanvasRenderingContext2D, key: SpriteKey, s: number, color: string, mark: string) {
  const line = (x1: number, y1: number, x2: number, y2: number, width: number, style: string) => {
    ctx.strokeStyle = style;
    ctx.lineWidth = width;
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.stroke();
  };
  const hatch = (step: number, width: number, style: string, dir: 1 | -1) => {
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, s, s);
    ctx.clip();
    for (let k = -s; k < 2 * s; k += step) {
      if (dir === 1) line(k, s, k + s, 0, width, style);
      else line(k, 0, k + s, s, width, style);
    }
    ctx.restore();
  };
  switch (key) {
    case 'ready':
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, s, s);
      break;
    case 'outdated':
      ctx.fillStyle = alpha(color, 0.35);
      ctx.fillRect(0, 0, s, s);
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.moveTo(0, 0);
      ctx.lineTo(s, 0);
      ctx.lineTo(0, s);
      ctx.fill();
      break;
    case 'starting': {
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, s, s);
      ctx.fillStyle = alpha(mark, 0.8);
      const step = s / 3;
      for (let x = step / 2; x < s; x += step) for (let y = step / 2; y < s; y += step) ctx.fillRect(x - s * 0.06, y - s * 0.06, s * 0.12, s * 0.12);
      break;
    }
    case 'misscheduled':
      ctx.fillStyle = alpha(color, 0.35);
      ctx.fillRect(0, 0, s, s);
      hatch(s / 3.5, s / 7, color, 1);
      break;
    case 'node-unhealthy':
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, s, s);
      hatch(s / 4, s / 14, alpha(mark, 0.55), 1);
      hatch(s / 4, s / 14, alpha(mark, 0.55), -1);
      break;
    case 'missing':
      ctx.fillStyle = alpha(color, 0.12);
      ctx.fillRect(0, 0, s, s);
      ctx.strokeStyle = color;
      ctx.lineWidth = s / 7;
      ctx.strokeRect(s / 14, s / 14, s - s / 7, s - s / 7);
      break;
    case 'failing':
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, s, s);
      line(s * 0.22, s * 0.22, s * 0.78, s * 0.78, s / 7, mark);
      line(s * 0.78, s * 0.22, s * 0.22, s * 0.78, s / 7, mark);
      break;
    case 'ineligible':
    case 'taint':
      hatch(s / 3.5, key === 'taint' ? s / 9 : s / 14, alpha(color, key === 'taint' ? 0.7 : 0.45), -1);
      ctx.strokeStyle = key === 'taint' ? color : alpha(color, 0.45);
      ctx.lineWidth = key === 'taint' ? s / 9 : s / 14;
      ctx.strokeRect(ctx.lineWidth / 2, ctx.lineWidth / 2, s - ctx.lineWidth, s - ctx.lineWidth);
      break;
  }
}

export type Sprites = Record<SpriteKey, HTMLCanvasElement>;

/** One pre-drawn bitmap per look, in the current theme's colours, at device pixel size. */
export function makeSprites(cellPx: number, dpr: number): Sprites {
  const style = getComputedStyle(document.documentElement);
  const mark = style.getPropertyValue('--cell-mark').trim() || '#fff';
  const size = Math.round(cellPx * dpr);
  const out = {} as Sprites;
  for (const key of [...CELL_STATES, 'taint'] as SpriteKey[]) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d');
    if (ctx) paint(ctx, key, size, style.getPropertyValue(VARS[key]).trim() || '#888', mark);
    out[key] = canvas;
  }
  return out;
}

export interface Looks {
  sprites: Sprites;
  /** Colour of text drawn on the canvas (group headers). */
  text: string;
}

let cached: { key: string; looks: Looks } | undefined;

/**
 * Sprites and text colour for the current colour scheme and pixel ratio, made once per look and
 * shared by every grid mount (switching between tiles and canvas does not redraw them): reading
 * computed styles forces a style recalc of the whole page.
 */
export function looksFor(canvas: HTMLCanvasElement, cellPx: number, dpr: number): Looks {
  const key = `${window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'}:${cellPx}@${dpr}`;
  if (cached?.key !== key) cached = { key, looks: { sprites: makeSprites(cellPx, dpr), text: getComputedStyle(canvas).color } };
  return cached.looks;
}
