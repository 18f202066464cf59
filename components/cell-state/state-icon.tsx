import { CircleCheck, CircleDashed, History, LoaderCircle, MapPinX, Minus, OctagonX, ServerCrash, type LucideIcon } from 'lucide-react';
import clsx from 'clsx';
import type { CellState } from '@/lib/api/dto';
import { STATE_META } from './meta';

const ICONS: Record<CellState, LucideIcon> = {
  failing: OctagonX,
  missing: CircleDashed,
  'node-unhealthy': ServerCrash,
  misscheduled: MapPinX,
  starting: LoaderCircle,
  outdated: History,
  ready: CircleCheck,
  ineligible: Minus,
};

export function StateIcon({ state, className }: { state: CellState; className?: string }) {
  const Icon = ICONS[state];
  return <Icon aria-hidden className={clsx('size-3.5 shrink-0', STATE_META[state].text, className)} />;
}
