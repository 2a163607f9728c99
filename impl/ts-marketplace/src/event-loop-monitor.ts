import { monitorEventLoopDelay } from "node:perf_hooks";

/** How busy the event loop has been lately. */
export interface EventLoopMonitor {
  /** The median event-loop delay of the last completed window, in milliseconds. */
  readonly delayMs: number;
  /** Stops measuring. */
  close(): void;
}

/** How often the delay is sampled, in milliseconds. */
const RESOLUTION_MS = 10;

/** Length of one measuring window, in milliseconds. */
const WINDOW_MS = 500;

/**
 * Measures event-loop delay with Node's `monitorEventLoopDelay` (a sample every 10 ms)
 * and reports the median delay of the last half-second window: roughly how long a
 * request that arrived then waited before this process could look at it. The median
 * follows sustained load within a second, up and down, and ignores a single pause (a
 * garbage collection, a moment without CPU on a busy machine) that the maximum would
 * report.
 */
export function createEventLoopMonitor(): EventLoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let delayMs = 0;
  const timer = setInterval(() => {
    // Each sample is the time between two timer runs, in nanoseconds: the resolution
    // plus the delay. The histogram is empty when not one sample fell in the window,
    // which only a loop blocked for the whole window does.
    delayMs = histogram.count > 0 ? Math.max(0, histogram.percentile(50) / 1e6 - RESOLUTION_MS) : WINDOW_MS;
    histogram.reset();
  }, WINDOW_MS);
  timer.unref();
  return {
    get delayMs() {
      return delayMs;
    },
    close() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
