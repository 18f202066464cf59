import type { StagedPlanDTO } from '@/lib/api/dto';

/** The start dialog's fields, as typed (strings until sent). */
export interface StartForm {
  images: string[];
  canaryKind: 'count' | 'selector' | 'nodes';
  canary: string;
  wavesKind: 'percent' | 'label';
  waves: string;
  soakSeconds: string;
  maxRestarts: string;
  readyTimeoutSeconds: string;
  autoAbort: boolean;
}

type Container = { name?: string; image?: string };
type Template = { spec?: { containers?: Container[] } };

export const containersOf = (template: Record<string, unknown> | undefined): Container[] => (template as Template | undefined)?.spec?.containers ?? [];

export function initialForm(template: Record<string, unknown> | undefined): StartForm {
  return {
    images: containersOf(template).map((c) => c.image ?? ''),
    canaryKind: 'count',
    canary: '1',
    wavesKind: 'percent',
    waves: '10, 50, 100',
    soakSeconds: '120',
    maxRestarts: '2',
    readyTimeoutSeconds: '300',
    autoAbort: false,
  };
}

const int = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number.parseInt(s, 10) : Number.NaN);
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/**
 * The start route's body from the form: the whole new pod template (the current one with the
 * new images) and the plan. The server validates and names any bad field; numbers that do not
 * parse are sent as NaN → null so its message says which.
 */
export function startBody(template: Record<string, unknown>, f: StartForm): { template: Record<string, unknown>; plan: StagedPlanDTO } {
  const next = structuredClone(template) as Template & Record<string, unknown>;
  next.spec!.containers = containersOf(template).map((c, i) => ({ ...c, image: f.images[i]?.trim() || c.image }));
  const canary: StagedPlanDTO['canary'] =
    f.canaryKind === 'count' ? { kind: 'count', count: int(f.canary) } : f.canaryKind === 'selector' ? { kind: 'selector', selector: f.canary.trim() } : { kind: 'nodes', nodes: list(f.canary) };
  const waves: StagedPlanDTO['waves'] = f.wavesKind === 'percent' ? { kind: 'percent', percents: list(f.waves).map(int) } : { kind: 'label', label: f.waves.trim() };
  return {
    template: next,
    plan: { canary, waves, soakSeconds: int(f.soakSeconds), maxRestarts: int(f.maxRestarts), readyTimeoutSeconds: int(f.readyTimeoutSeconds), autoAbort: f.autoAbort },
  };
}

/** Whether the form changes anything: at least one image differs. */
export const changesImages = (template: Record<string, unknown> | undefined, f: StartForm) => containersOf(template).some((c, i) => (f.images[i]?.trim() || c.image) !== c.image);
