'use client';

import { FIELD } from '@/components/ui/field';
import { SINCE_CHOICES } from './log-model';

interface Props {
  containers: string[];
  container: string;
  setContainer: (c: string) => void;
  /** The line counts offered. */
  tails: readonly number[];
  tail: number;
  setTail: (n: number) => void;
  since: number | undefined;
  setSince: (s: number | undefined) => void;
  /** Prefix of the fields' test ids (`<prefix>-container`, `-tail`, `-since`), when they need any. */
  testIdPrefix?: string;
}

/** Which part of a container's log to read: the container (when there are several), the last N lines, since when. */
export function LogRangeFields({ containers, container, setContainer, tails, tail, setTail, since, setSince, testIdPrefix }: Props) {
  const testId = (what: string) => (testIdPrefix ? `${testIdPrefix}-${what}` : undefined);
  return (
    <>
      {containers.length > 1 && (
        <label className="flex items-center gap-1.5">
          Container
          <select className={FIELD} value={container} onChange={(e) => setContainer(e.target.value)} data-testid={testId('container')}>
            {containers.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      )}
      <label className="flex items-center gap-1.5">
        Last
        <select className={FIELD} value={tail} onChange={(e) => setTail(Number(e.target.value))} data-testid={testId('tail')}>
          {tails.map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en-US')} lines
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        Since
        <select className={FIELD} value={since ?? ''} onChange={(e) => setSince(e.target.value ? Number(e.target.value) : undefined)} data-testid={testId('since')}>
          {SINCE_CHOICES.map((c) => (
            <option key={c.label} value={c.seconds ?? ''}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
