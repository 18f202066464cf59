/**
 * Natural order for names (worker-2 before worker-10). One shared collator: building one per
 * comparison (localeCompare with options) costs ~100x more when sorting 5,000 nodes.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export const naturalCompare = collator.compare;
