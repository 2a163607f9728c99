/** What {@link untilAborted} resolves with when the signal aborts first. */
export const ABORTED: unique symbol = Symbol("aborted");

/**
 * `promise`'s outcome, or {@link ABORTED} as soon as `signal` aborts. Unlike
 * `Promise.race` with a long-lived promise, it leaves nothing attached to the signal
 * once settled, so it can be awaited once per message of a long stream.
 */
export function untilAborted<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Resolves when `emitter` emits `event` or `signal` aborts, whichever comes first; for
 * waiting on a stream's `'drain'` without waiting forever on a call that has ended.
 */
export function onceOrAborted(
  emitter: { once(event: string, listener: () => void): unknown; off(event: string, listener: () => void): unknown },
  event: string,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      emitter.off(event, done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    emitter.once(event, done);
    signal.addEventListener("abort", done, { once: true });
  });
}
