/**
 * What `make` builds from `key`, built once per key object and kept while the key lives. For
 * derived data of objects that are never modified (a node table, a wire cell): a later read of the
 * same object reuses it instead of building it again.
 */
export function keptFor<K extends object, V>(kept: WeakMap<K, V>, key: K, make: (key: K) => V): V {
  if (kept.has(key)) return kept.get(key) as V;
  const value = make(key);
  kept.set(key, value);
  return value;
}
