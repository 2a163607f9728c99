/** Options of {@link createChildCache}. */
export interface ChildCacheOptions<Args extends readonly unknown[], Children> {
  /**
   * Binds the metric children of one label set, for example
   * `(code) => handled.labels({ ...methodLabels, grpc_code: code })`; called once per key.
   */
  readonly bind: (...args: Args) => Children;
  /**
   * The cache key of a label set, cheaper to compute than prom-client's own hash of the
   * label values; default: the first argument. Keys must come from a bounded set (methods,
   * route patterns, status codes), since every key is kept for the life of the process.
   */
  readonly key?: (...args: Args) => unknown;
}

/** Returns the children bound to a label set, binding them on first use. */
export type ChildCache<Args extends readonly unknown[], Children> = (...args: Args) => Children;

/**
 * A cache of prom-client metric children, one entry per label set. `metric.labels(...)`
 * (and `inc(labels)`, `observe(labels, value)`) hashes the label values on every call;
 * a hot path that asks this cache instead binds each label set's children once and then
 * only looks up its key.
 */
export function createChildCache<Args extends readonly unknown[], Children>(
  options: ChildCacheOptions<Args, Children>,
): ChildCache<Args, Children> {
  const { bind, key = (...args: Args) => args[0] } = options;
  const children = new Map<unknown, Children>();
  return (...args) => {
    const k = key(...args);
    let bound = children.get(k);
    if (bound === undefined) {
      bound = bind(...args);
      children.set(k, bound);
    }
    return bound;
  };
}
