'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRouter } from 'next/navigation';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { cellId, TileCell } from './grid-cell';
import { handleGridKey } from './grid-keys';
import { flatItems, layoutRows, type GridGroup } from './grid-model';
import { GroupHeader } from './group-header';
import { HoverCard, type HoverAnchor } from './hover-card';
import { useFocusState } from '@/components/ui/use-focus-state';
import { useElementWidth } from '@/components/ui/use-element-width';

const TILE = { h: 30, gap: 6 };
const HEADER_H = 34;

/**
 * Every node a named tile, wrapped into rows that are virtualised (hundreds of nodes; the canvas
 * grid takes over beyond). Keyboard: arrows/Home/End move, Enter opens the node page
 * (aria-activedescendant).
 */
export const NodeGrid = memo(function NodeGrid({
  groups,
  groupKey,
  hrefFor,
  label,
}: {
  groups: GridGroup[];
  groupKey?: string;
  hrefFor: (node: string) => string;
  label: string;
}) {
  const router = useRouter();
  const gridId = useId().replace(/:/g, '');
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);
  // Tiles are as wide as the longest node name needs (11px mono ≈ 6.7px a character), within bounds.
  const longest = useMemo(() => groups.reduce((m, g) => g.items.reduce((n, it) => Math.max(n, it.node.length), m), 0), [groups]);
  const size = { ...TILE, w: Math.min(300, Math.max(150, Math.ceil(longest * 6.7) + 70)) };
  const columns = Math.max(1, Math.floor((width - 16 + size.gap) / (size.w + size.gap)));
  const rows = useMemo(() => layoutRows(groups, columns, !!groupKey), [groups, columns, groupKey]);
  const flat = useMemo(() => flatItems(groups), [groups]);
  const [active, setActive] = useState(0);
  const { focused, setFocused, hydrated, onKey } = useFocusState();
  const [hover, setHover] = useState<HoverAnchor | null>(null);
  const cardId = `${gridId}-card`;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'header' ? HEADER_H : size.h + size.gap),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 4,
  });
  // Row heights depend on grouping; re-measure when it changes.
  useEffect(() => virtualizer.measure(), [virtualizer, groupKey]);

  // The card follows its node across live updates: each new version brings new item objects, so the
  // anchor's item is looked up again (else the card shows stale facts and loses aria-describedby).
  const itemByNode = useMemo(() => new Map(flat.map((i) => [i.node, i])), [flat]);
  const hoverItem = hover ? itemByNode.get(hover.item.node) : undefined;

  const activePos = Math.min(active, Math.max(0, flat.length - 1));
  const activeItem = flat[activePos];

  const anchorFor = useCallback(
    (pos: number): HoverAnchor | null => {
      const item = flat[pos];
      const el = item && document.getElementById(cellId(gridId, item.index));
      return item && el ? { item, rect: el.getBoundingClientRect() } : null;
    },
    [flat, gridId],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    onKey();
    handleGridKey(e, {
      rows,
      activePos,
      activeItem,
      setActive,
      open: (item) => router.push(hrefFor(item.node)),
      reveal: (next) => {
        const rowIndex = rows.findIndex((r) => r.kind === 'cells' && next >= r.start && next < r.start + r.items.length);
        if (rowIndex >= 0) virtualizer.scrollToIndex(rowIndex, { align: 'auto' });
        requestAnimationFrame(() => setHover(anchorFor(next)));
      },
    });
  };

  const onMouseOver = (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-pos]');
    if (!el) return setHover(null);
    const pos = Number(el.dataset.pos);
    const item = flat[pos];
    if (item && hover?.item !== item) setHover({ item, rect: el.getBoundingClientRect() });
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-pos]');
    if (!el || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    const item = flat[Number(el.dataset.pos)];
    if (item) router.push(hrefFor(item.node));
  };

  return (
    <div className="relative">
      <div
        ref={scrollRef}
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length}
        aria-activedescendant={focused && activeItem ? cellId(gridId, activeItem.index) : undefined}
        tabIndex={0}
        data-testid="node-grid"
        data-density="comfortable"
        data-hydrated={hydrated || undefined}
        onKeyDown={onKeyDown}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setHover(null);
        }}
        onMouseOver={onMouseOver}
        onMouseLeave={() => setHover(null)}
        onClick={onClick}
        onScroll={() => setHover(null)}
        className="max-h-[calc(100vh-15rem)] min-h-24 overflow-auto rounded-md p-2 focus-visible:outline-2 focus-visible:outline-indigo-500"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index];
            if (!row) return null;
            return (
              <div key={v.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start}px)` }}>
                {row.kind === 'header' ? (
                  <GroupHeader group={row.group} groupKey={groupKey ?? ''} />
                ) : (
                  <div role="row" className="flex" style={{ gap: size.gap }}>
                    {row.items.map((item, i) => (
                      <TileCell
                        key={item.index}
                        item={item}
                        gridId={gridId}
                        href={hrefFor(item.node)}
                        position={row.start + i}
                        active={focused && row.start + i === activePos}
                        width={size.w}
                        describedBy={hoverItem === item ? cardId : undefined}
                      />
                    ))}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {hover && hoverItem && <HoverCard id={cardId} anchor={{ item: hoverItem, rect: hover.rect }} />}
    </div>
  );
});
