import type { Writable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { ABORTED, onceOrAborted, untilAborted } from "./abortable.js";

/**
 * How many messages are written at most before the event loop gets a turn. grpc-js
 * may accept writes at once (a client call buffers up to 64 KiB for retries before it
 * applies backpressure, and its `'drain'` then comes on the next tick), and a source
 * that answers from memory would then keep the loop busy — no I/O, no timers — until
 * that buffer is full.
 */
const WRITES_PER_TURN = 64;

/** Messages to send on a stream: an async iterable (an async generator, a readable stream) or a plain iterable (an array). */
export type MessageSource<T> = AsyncIterable<T> | Iterable<T>;

/**
 * Writes every item of `source`, turned into what `sink` takes by `toWire`, to a
 * grpc-js call stream, with backpressure: when `write()` returns false it waits for
 * `'drain'` before taking the next item, so a slow reader on the other side makes
 * this side stop pulling from `source` (nothing is buffered without bound); the event
 * loop gets a turn at least every {@link WRITES_PER_TURN} messages. Stops as
 * soon as `ended` aborts (the call is over). Resolves true when `source` was
 * exhausted, false when the call ended first; then `source`'s iterator is returned
 * (an async generator's `finally` runs), without waiting for it. Rejects with what
 * `source` or `toWire` threw.
 */
export async function pumpMessages<T>(
  source: MessageSource<T>,
  sink: Writable,
  toWire: (item: T) => unknown,
  ended: AbortSignal,
): Promise<boolean> {
  let writes = 0;
  const write = async (item: T): Promise<void> => {
    // 'drain' may come on the next tick, before any I/O: it does not count as a turn.
    if (!sink.write(toWire(item))) await onceOrAborted(sink, "drain", ended);
    if (++writes === WRITES_PER_TURN) {
      writes = 0;
      await nextTurn();
    }
  };
  if (!(Symbol.asyncIterator in source)) {
    for (const item of source) {
      if (ended.aborted) return false;
      await write(item);
    }
    return !ended.aborted;
  }
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (!ended.aborted) {
      let next: IteratorResult<T> | typeof ABORTED;
      try {
        next = await untilAborted(iterator.next(), ended);
      } catch (error) {
        finished = true;
        throw error;
      }
      if (next === ABORTED) break;
      if (next.done === true) {
        finished = true;
        return true;
      }
      await write(next.value);
    }
    return false;
  } finally {
    if (!finished) returnQuietly(iterator);
  }
}

/** Ends an iterator early, ignoring what its `return()` throws or rejects with. */
function returnQuietly(iterator: AsyncIterator<unknown>): void {
  try {
    const returned = iterator.return?.();
    if (returned !== undefined) returned.then(undefined, () => undefined);
  } catch {
    // The producer's own clean-up failed; the call is over either way.
  }
}
