import type { ProcessUsage } from "@onlinebooks/testkit";

/** The attacked or overloaded service's memory and CPU during a run, as the tables show them. */
export interface ServiceUsage {
  /** The service's RSS before and at its peak, in MiB. */
  readonly startRssMiB: number;
  readonly peakRssMiB: number;
  /** The service's CPU use during the run, in percent of one core. */
  readonly cpuPercent: number;
}

const MiB = 2 ** 20;

/** What the process sampler saw of the service, in MiB and percent of a core. */
export function serviceUsage(sampled: ProcessUsage): ServiceUsage {
  return {
    startRssMiB: sampled.startRssBytes / MiB,
    peakRssMiB: sampled.peakRssBytes / MiB,
    cpuPercent: (100 * sampled.cpuSeconds) / sampled.wallSeconds,
  };
}
