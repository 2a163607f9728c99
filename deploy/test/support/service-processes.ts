import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServiceProcess, type ServiceProcess } from "@onlinebooks/testkit";

/** The `dist/main.js` of a service package, found through its npm name. */
export function serviceMain(packageName: "@onlinebooks/ts-recommendations" | "@onlinebooks/ts-marketplace"): string {
  return join(dirname(fileURLToPath(import.meta.resolve(packageName))), "main.js");
}

/** Options of {@link startProcess}. */
export interface StartProcessOptions {
  /** Environment variables on top of PATH and HOME. */
  readonly env: Record<string, string>;
  /** Resolves true once the process is ready; polled every 50 ms. */
  readonly ready: () => Promise<boolean>;
  /** How long to wait for `ready`; default 15 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs `node script` with a minimal environment (PATH, HOME and `env`), stdout and
 * stderr collected, waits until `ready()` holds and returns the process; rejects
 * (having killed it) with its output when it exits or is not ready in time.
 */
export async function startProcess(script: string, options: StartProcessOptions): Promise<ServiceProcess> {
  const service = startServiceProcess({ main: script, env: options.env, inheritEnv: ["PATH", "HOME"] });
  await service.waitUntil(options.ready, { timeoutMs: options.timeoutMs ?? 15_000 });
  return service;
}
