'use client';

import { useEffect, useState } from 'react';

/** Bumps when the OS colour scheme flips, so canvas drawings re-read the theme's colours. */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const bump = () => setVersion((v) => v + 1);
    mq.addEventListener('change', bump);
    return () => mq.removeEventListener('change', bump);
  }, []);
  return version;
}
