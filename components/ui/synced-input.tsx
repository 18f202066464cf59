'use client';

import { useEffect, useState, type InputHTMLAttributes } from 'react';

/**
 * A text input whose value lives elsewhere (the URL): typing stays local and instant, and an
 * outside change (Clear filters, back button) replaces the text.
 */
export function SyncedInput({
  value,
  onValueChange,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'defaultValue'> & {
  value: string;
  onValueChange: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText((t) => (t === value ? t : value)), [value]);
  return (
    <input
      {...props}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onValueChange(e.target.value);
      }}
    />
  );
}
