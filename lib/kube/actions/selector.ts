/** A metav1.LabelSelector as the `labelSelector` query string the API server parses. */
export interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * @see LabelSelectorAsSelector in apimachinery/pkg/apis/meta/v1/helpers.go
 * An empty selector selects everything (''), as it does for the API server.
 */
export function labelSelectorString(selector: LabelSelectorLike | undefined): string {
  if (!selector) return '';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
      default:
        throw new Error(`unsupported label selector operator ${e.operator}`);
    }
  }
  return parts.join(',');
}
