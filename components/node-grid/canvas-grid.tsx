'use client';

import { useRouter } from 'next/navigation';
import { memo, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { looksFor } from './cell-sprites';
import { paintBand } from './canvas-paint';
import { bandAround, bandCovers, cellBox, geometry, hitTest, type Span } from './grid-geometry';
import { handleGridKey } from './grid-keys';
import { flatItems, layoutRows, stateLabel, type GridGroup } from './grid-model';
import { HoverCard, type HoverAnchor } from './hover-card';
import { useFocusState } from '@/components/ui/use-focus-state';
import { useElementWidth } from '@/components/ui/use-element-width';
import { useThemeVersion } from './use-theme-version';

const CELL = 14;
const GAP = 3;
const HEADER_H = 30;
const PAD = 8;

/** How much of the grid the canvas holds: see the paint effect below. */
const bandHeight = () => Math.ceil(window.innerHeight * 1.5);

/**
 * The compact grid for thousands of nodes: one canvas instead of one element per node, so
 * painting and filtering 5,000 cells stays within a frame or two. Same interactions as the tile
 * grid: hover card, click and Enter open the node page, arrows move; the active cell is
 * announced through a live region (there is no per-cell DOM to point at).
 */
export const CanvasGrid = memo(function CanvasGrid({ groups, groupKey, hrefFor, label }: { groups: GridGroup[]; groupKey?: string; hrefFor: (node: string) => string; label: string }) {
  const router = useRouter();
  const statusId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const spacerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(scrollRef);
  const theme = useThemeVersion();
  const columns = Math.max(1, Math.floor((width - 2 * PAD + GAP) / (CELL + GAP)));
  // Until the first measure (width 0) there is nothing to lay out: one column would mean a row per node.
  const rows = useMemo(() => (width > 0 ? layoutRows(groups, columns, !!groupKey) : []), [groups, columns, groupKey, width]);
  const flat = useMemo(() => flatItems(groups), [groups]);
  const geo = useMemo(() => geometry(rows, CELL, GAP, HEADER_H, PAD), [rows]);
  const height = (geo.offsets[geo.offsets.length - 1] ?? 0) + PAD;
  const [active, setActive] = useState(0);
  const { focused, setFocused, hydrated, onKey } = useFocusState();
  const [hover, setHover] = useState<HoverAnchor | null>(null);
  // As in the tile grid: the card follows its node across live updates (new item objects).
  const itemByNode = useMemo(() => new Map(flat.map((i) => [i.node, i])), [flat]);
  const hoverItem = hover ? itemByNode.get(hover.item.node) : undefined;
  const activePos = Math.min(active, Math.max(0, flat.length - 1));
  const activeItem = flat[activePos];

  // The canvas holds a band of the grid around the view (1.5 window heights: more than the grid's
  // viewport can be, as its max height is below the window's), placed in a spacer as tall as the
  // grid: a filter redraws a band, not 5,000 cells, and the compositor uploads a bitmap of that
  // band, not one as tall as the grid. The band's height stays put while the window does, so a
  // filter never reallocates the bitmap. Scrolling within the band moves pixels already painted;
  // leaving it repaints the band around the new position in the scroll event (at most once per
  // frame, before that frame is shown). Painted in a layout effect, before the browser shows the
  // commit, so a new size never shows stale pixels.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!el || !canvas || !ctx || width === 0) return;
    let band: Span = { top: 0, height: 0 };
    const paint = () => {
      const dpr = window.devicePixelRatio || 1;
      band = bandAround(el.scrollTop, el.clientHeight, height, bandHeight());
      canvas.style.top = `${band.top}px`;
      canvas.style.height = `${band.height}px`;
      // Assigning a size reallocates the bitmap even when unchanged; paintBand clears it anyway.
      const w = String(Math.round(width * dpr));
      const h = String(Math.round(band.height * dpr));
      if (canvas.getAttribute('width') !== w) canvas.setAttribute('width', w);
      if (canvas.getAttribute('height') !== h) canvas.setAttribute('height', h);
      paintBand(ctx, dpr, { ...band, width }, { rows, geo, ...looksFor(canvas, CELL, dpr), groupKey, active: focused ? activePos : undefined });
    };
    paint();
    const repaintIfUncovered = () => {
      if (!bandCovers(band, el.scrollTop, el.clientHeight) || band.height !== bandHeight()) paint();
    };
    el.addEventListener('scroll', repaintIfUncovered, { passive: true });
    window.addEventListener('resize', repaintIfUncovered);
    return () => {
      el.removeEventListener('scroll', repaintIfUncovered);
      window.removeEventListener('resize', repaintIfUncovered);
    };
  }, [rows, geo, width, height, groupKey, focused, activePos, theme]);

  const anchorAt = (pos: number): HoverAnchor | null => {
    const item = flat[pos];
    const box = cellBox(geo, rows, pos);
    const rect = spacerRef.current?.getBoundingClientRect();
    if (!item || !box || !rect) return null;
    const left = rect.left + box.x;
    const top = rect.top + box.y;
    return { item, rect: { left, top, right: left + CELL, bottom: top + CELL } };
  };

  const positionAt = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = spacerRef.current?.getBoundingClientRect();
    return rect ? hitTest(geo, rows, e.clientX - rect.left, e.clientY - rect.top) : -1;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    onKey();
    handleGridKey(e, {
      rows,
      activePos,
      activeItem,
      setActive,
      open: (item) => router.push(hrefFor(item.node)),
      reveal: (next) => {
        const box = cellBox(geo, rows, next);
        const el = scrollRef.current;
        if (box && el) {
          if (box.y < el.scrollTop) el.scrollTop = box.y - PAD;
          else if (box.y + CELL > el.scrollTop + el.clientHeight) el.scrollTop = box.y + CELL + PAD - el.clientHeight;
        }
        requestAnimationFrame(() => setHover(anchorAt(next)));
      },
    });
  };

  return (
    <div className="relative">
      <div
        ref={scrollRef}
        role="group"
        aria-roledescription="node grid"
        aria-label={`${label}: ${flat.length} nodes. Arrow keys move, Enter opens the node.`}
        aria-describedby={statusId}
        tabIndex={0}
        data-testid="node-grid"
        data-density="compact"
        data-active-node={focused ? activeItem?.node : undefined}
        data-hydrated={hydrated || undefined}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setHover(null);
        }}
        onScroll={() => setHover(null)}
        className="max-h-[calc(100vh-15rem)] min-h-24 overflow-auto rounded-md [scrollbar-gutter:stable] text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-200"
      >
        <div ref={spacerRef} style={{ height, position: 'relative', overflow: 'hidden' }}>
          <canvas
            ref={canvasRef}
            role="img"
            aria-label={`${flat.length} nodes`}
            data-testid="grid-canvas"
            style={{ position: 'absolute', left: 0, width: '100%', display: 'block', cursor: hover ? 'pointer' : 'default' }}
            onMouseMove={(e) => {
              const pos = positionAt(e);
              if (pos < 0) return hover && setHover(null);
              if (hoverItem !== flat[pos]) setHover(anchorAt(pos));
            }}
            onMouseLeave={() => setHover(null)}
            onClick={(e) => {
              const item = flat[positionAt(e)];
              if (!item) return;
              if (e.metaKey || e.ctrlKey) window.open(hrefFor(item.node), '_blank');
              else router.push(hrefFor(item.node));
            }}
          />
        </div>
      </div>
      <div id={statusId} aria-live="polite" className="sr-only">
        {focused && activeItem ? `${activeItem.node}: ${stateLabel(activeItem)}${activeItem.reason ? `. ${activeItem.reason}` : ''}` : ''}
      </div>
      {hover && hoverItem && <HoverCard anchor={{ item: hoverItem, rect: hover.rect }} />}
    </div>
  );
});
