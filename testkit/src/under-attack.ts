import { sampleProcess, type ProcessUsage } from "./process-stats.js";
import { runSteadyCalls, type SteadyCallsResult } from "./steady-calls.js";

/** Options of {@link measureUnderAttack}. */
export interface UnderAttackOptions<R> {
  /** The attacked server's process id, whose memory and CPU are sampled. */
  readonly pid: number;
  /** The attack; bounded in time and count, it decides how long the measurement lasts. */
  readonly attack: () => Promise<R>;
  /** One call of the well-behaved client, with its own deadline. */
  readonly goodCall: () => Promise<unknown>;
}

/** How the attack went, and how the server and the well-behaved client fared meanwhile. */
export interface UnderAttackResult<R> {
  /** What the attack reported. */
  readonly attack: R;
  /** The well-behaved client's calls while the attack ran. */
  readonly good: SteadyCallsResult;
  /** The server's memory and CPU while the attack ran. */
  readonly server: ProcessUsage;
}

/**
 * Runs `attack` while a well-behaved client keeps calling (`goodCall`, one at a time)
 * and the server process is sampled, all until the attack ends; rejects when the attack
 * does (the sampling stopped all the same).
 */
export async function measureUnderAttack<R>(options: UnderAttackOptions<R>): Promise<UnderAttackResult<R>> {
  const sampler = sampleProcess(options.pid);
  let attacking = true;
  try {
    const attack = options.attack().finally(() => (attacking = false));
    const good = runSteadyCalls(options.goodCall, { running: () => attacking });
    const [attackReport, goodResult] = await Promise.all([attack, good]);
    return { attack: attackReport, good: goodResult, server: sampler.stop() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}
