// The nested per-walker / per-schema-node caches of the write path all start the same way.

interface Store<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value under `key`, made by `create` and stored on first use (Map and WeakMap alike). */
export function getOrCreate<K, V>(store: Store<K, V>, key: K, create: () => V): V {
  let value = store.get(key);
  if (value === undefined) {
    value = create();
    store.set(key, value);
  }
  return value;
}
