'use client';

import { useState, type InputHTMLAttributes } from 'react';

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
  const [outside, setOutside] = useState(value);
  // Adjust during render (not in an effect) when the outside value moves on its own.
  if (value !== outside) {
    setOutside(value);
    if (value !== text) setText(value);
  }
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
