import clsx from 'clsx';
import { Search } from 'lucide-react';
import { FIELD } from './field';
import { SyncedInput } from './synced-input';

/** A labelled search box whose text lives in the URL (see SyncedInput). */
export function SearchField({
  label,
  placeholder,
  value,
  onValueChange,
  testId,
  className,
}: {
  /** What the field filters, for screen readers (the placeholder is not a label). */
  label: string;
  placeholder: string;
  value: string;
  onValueChange: (value: string) => void;
  testId: string;
  /** Width, e.g. `w-56`. */
  className?: string;
}) {
  return (
    <label className="relative">
      <span className="sr-only">{label}</span>
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
      <SyncedInput
        type="search"
        data-testid={testId}
        placeholder={placeholder}
        value={value}
        onValueChange={onValueChange}
        className={clsx(FIELD, 'pl-7 placeholder:text-faint', className)}
      />
    </label>
  );
}
