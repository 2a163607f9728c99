/** The life-cycle state that `/readyz` reports. */
export type ReadinessState = "starting" | "ready" | "draining";

/** Whether the process should receive traffic. */
export interface Readiness {
  /** The current state. */
  readonly state: ReadinessState;
  /** Marks the process ready once it listens. */
  ready(): void;
  /** Marks the process draining: `/readyz` fails so load balancers stop sending traffic. */
  drain(): void;
}

/**
 * Creates the readiness flag, `starting` at first. It depends on nothing downstream:
 * the site stays ready while recommendations are down, because pages still render.
 */
export function createReadiness(): Readiness {
  let state: ReadinessState = "starting";
  return {
    get state() {
      return state;
    },
    ready() {
      if (state === "starting") state = "ready";
    },
    drain() {
      state = "draining";
    },
  };
}
