'use client';

import { Download } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { gapsToCsv, gapsToJson, type GapRecord } from './matrix-model';

function download(filename: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** Exports the gaps of the rows in view (filters applied) as CSV or JSON. */
export function ExportButtons({ context, gaps }: { context: string; gaps: () => GapRecord[] }) {
  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return (
    <div className="flex items-center gap-1.5">
      <Button size="sm" data-testid="export-csv" onClick={() => download(`everynode-gaps-${context}-${stamp()}.csv`, 'text/csv', gapsToCsv(gaps()))}>
        <Download aria-hidden className="size-3.5" /> CSV
      </Button>
      <Button size="sm" data-testid="export-json" onClick={() => download(`everynode-gaps-${context}-${stamp()}.json`, 'application/json', gapsToJson(context, gaps()))}>
        <Download aria-hidden className="size-3.5" /> JSON
      </Button>
    </div>
  );
}
