/**
 * Natural order for node names (node-2 before node-10), with a fixed locale so every console
 * process sorts the same way whatever its environment: wave membership depends on it.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export const naturalCompare = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
