'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { makeSprites } from './cell-sprites';
import { cellBox, geometry, hitTest } from './grid-geometry';
import { handleGridKey } from './grid-keys';
import { flatItems, layoutRows, stateLabel, type GridGroup } from './grid-model';
import { HoverCard, type HoverAnchor } from './hover-card';
import { useElementWidth } from './use-element-width';
import { useThemeVersion } from './use-theme-version';

const CELL = 14;
const GAP = 3;
const HEADER_H = 30;
const PAD = 8;

/**
 * The compact grid for thousands of nodes: one canvas instead of one element per node, so
 * painting and filtering 5,000 cells stays within a frame or two. Same interactions as the tile
 * grid: hover card, click and Enter open the node page, arrows move; the active cell is
 * announced through a live region (there is no per-cell DOM to point at).
 */
export function CanvasGrid({ groups, groupKey, hrefFor, label }: { groups: GridGroup[]; groupKey?: string; hrefFor: (node: string) => string; label: string }) {
  const router = useRouter();
  const statusId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(scrollRef);
  const theme = useThemeVersion();
  const columns = Math.max(1, Math.floor((width - 2 * PAD + GAP) / (CELL + GAP)));
  const rows = useMemo(() => layoutRows(groups, columns, !!groupKey), [groups, columns, groupKey]);
  const flat = useMemo(() => flatItems(groups), [groups]);
  const geo = useMemo(() => geometry(rows, CELL, GAP, HEADER_H, PAD), [rows]);
  const height = (geo.offsets[geo.offsets.length - 1] ?? 0) + PAD;
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const [hover, setHover] = useState<HoverAnchor | null>(null);
  const activePos = Math.min(active, Math.max(0, flat.length - 1));
  const activeItem = flat[activePos];

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const sprites = makeSprites(CELL, dpr);
    const text = getComputedStyle(canvas).color;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.textBaseline = 'alphabetic';
    rows.forEach((row, r) => {
      const y = geo.offsets[r] ?? 0;
      if (row.kind === 'header') {
        ctx.fillStyle = text;
        ctx.font = '600 12px ui-sans-serif, system-ui, sans-serif';
        const title = row.group.value ? `${groupKey}=${row.group.value}` : `no ${groupKey} label`;
        ctx.fillText(title, PAD, y + HEADER_H - 10);
        const w = ctx.measureText(title).width;
        ctx.globalAlpha = 0.6;
        ctx.font = '12px ui-sans-serif, system-ui, sans-serif';
        ctx.fillText(`${row.group.items.length} ${row.group.items.length === 1 ? 'node' : 'nodes'}`, PAD + w + 10, y + HEADER_H - 10);
        ctx.globalAlpha = 1;
        return;
      }
      row.items.forEach((item, i) => {
        const sprite = sprites[item.taint && item.state === 'ineligible' ? 'taint' : item.state];
        ctx.drawImage(sprite, PAD + i * geo.pitch, y, CELL, CELL);
      });
    });
    if (focused) {
      const box = cellBox(geo, rows, activePos);
      if (box) {
        ctx.strokeStyle = '#6366f1';
        ctx.lineWidth = 2;
        ctx.strokeRect(box.x - 2, box.y - 2, CELL + 4, CELL + 4);
      }
    }
  }, [rows, geo, width, height, groupKey, focused, activePos, theme]);

  const anchorAt = (pos: number): HoverAnchor | null => {
    const item = flat[pos];
    const box = cellBox(geo, rows, pos);
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!item || !box || !rect) return null;
    const left = rect.left + box.x;
    const top = rect.top + box.y;
    return { item, rect: { left, top, right: left + CELL, bottom: top + CELL } };
  };

  const positionAt = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return hitTest(geo, rows, e.clientX - rect.left, e.clientY - rect.top);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) =>
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
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setHover(null);
        }}
        onScroll={() => setHover(null)}
        className="max-h-[calc(100vh-15rem)] min-h-24 overflow-auto rounded-md text-zinc-800 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-200"
      >
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`${flat.length} nodes`}
          data-testid="grid-canvas"
          style={{ width: '100%', height, display: 'block', cursor: hover ? 'pointer' : 'default' }}
          onMouseMove={(e) => {
            const pos = positionAt(e);
            if (pos < 0) return hover && setHover(null);
            if (hover?.item !== flat[pos]) setHover(anchorAt(pos));
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
      <div id={statusId} aria-live="polite" className="sr-only">
        {focused && activeItem ? `${activeItem.node}: ${stateLabel(activeItem)}${activeItem.reason ? `. ${activeItem.reason}` : ''}` : ''}
      </div>
      {hover && <HoverCard anchor={hover} />}
    </div>
  );
}
