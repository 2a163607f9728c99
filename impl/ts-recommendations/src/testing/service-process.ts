import { fileURLToPath } from "node:url";
import { startServiceProcess, type ServiceProcess } from "@onlinebooks/testkit";

/** `dist/main.js`, the service's process entry. */
const MAIN_PATH = fileURLToPath(new URL("../main.js", import.meta.url));

/** Runs `main.js` with exactly `env` (nothing else from this process), stdout and stderr collected. */
export function runService(env: Record<string, string>): ServiceProcess {
  return startServiceProcess({ main: MAIN_PATH, env });
}

/** Waits (up to 10 s) for the `recommendations server listening` log line and returns its ports. */
export async function listening(service: ServiceProcess): Promise<{ port: number; metricsPort: number }> {
  const line = await service.waitForLog("recommendations server listening", { timeoutMs: 10_000 });
  return { port: line["port"] as number, metricsPort: line["metricsPort"] as number };
}
