'use client';

import { Tag } from 'lucide-react';
import clsx from 'clsx';
import { useId, useMemo } from 'react';
import { SyncedInput } from '@/components/ui/synced-input';
import { suggestLabels } from '@/lib/nodes/labels';

/** Enough choices to pick from while typing; the list narrows as the text grows. */
const SUGGESTIONS = 20;

/** The label filter: free text (`key=value` or `key`) with the most used matching pairs suggested. */
export function LabelFilter({
  value,
  pairsByUse,
  onValueChange,
  className,
}: {
  value: string;
  pairsByUse: readonly string[];
  onValueChange: (value: string) => void;
  className: string;
}) {
  const listId = useId();
  const suggestions = useMemo(() => suggestLabels(pairsByUse, value, SUGGESTIONS), [pairsByUse, value]);
  return (
    <span className="relative">
      <Tag aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3 -translate-y-1/2 text-faint" />
      <SyncedInput
        list={listId}
        data-testid="label-filter"
        placeholder="key=value or key"
        value={value}
        onValueChange={onValueChange}
        className={clsx(className, 'w-48 pl-6 font-mono')}
      />
      <datalist id={listId} data-testid="label-suggestions">
        {suggestions.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
    </span>
  );
}
