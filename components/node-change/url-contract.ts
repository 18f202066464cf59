import type { NodeChangeSpecDTO } from '@/lib/api/dto';

/**
 * The link that opens the node change dialog prefilled (fix hints link here):
 *   /nodes/<node>?change=node&label=<key>%3D<value>&label=<key>-&taint=<key>=<value>:<Effect>&taint=<key>:<Effect>-
 * in kubectl's argument syntax, each repeatable; `cordon=true|false` sets spec.unschedulable.
 * Parsing only collects the arguments: the dialog validates them as it does typed input.
 */
export const CHANGE_PARAM = 'change';
export const CHANGE_NODE = 'node';

export function changeFromQuery(params: URLSearchParams): NodeChangeSpecDTO | undefined {
  if (params.get(CHANGE_PARAM) !== CHANGE_NODE) return undefined;
  const taints = params.getAll('taint').filter((t) => t !== '');
  const labels = params.getAll('label').filter((l) => l !== '');
  const cordon = params.get('cordon');
  return {
    ...(taints.length ? { taints } : {}),
    ...(labels.length ? { labels } : {}),
    ...(cordon === 'true' || cordon === 'false' ? { unschedulable: cordon === 'true' } : {}),
  };
}

/** The query string of a prefilled change (without the leading "?"). */
export function changeQuery(spec: NodeChangeSpecDTO): string {
  const q = new URLSearchParams({ [CHANGE_PARAM]: CHANGE_NODE });
  for (const t of spec.taints ?? []) q.append('taint', t);
  for (const l of spec.labels ?? []) q.append('label', l);
  if (spec.unschedulable !== undefined) q.set('cordon', String(spec.unschedulable));
  return q.toString();
}

/** The query without the change parameters (once the dialog has taken them). */
export function withoutChange(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of [CHANGE_PARAM, 'taint', 'label', 'cordon']) next.delete(k);
  return next;
}
