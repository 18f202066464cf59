import clsx from 'clsx';

/** A small square in a state's colour and pattern (the grid's cell look, for legends and tables). */
export function Swatch({ swatch, className }: { swatch: string; className?: string }) {
  return <span aria-hidden className={clsx('cell inline-block size-3 shrink-0', swatch, className)} />;
}
