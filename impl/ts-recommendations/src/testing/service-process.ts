import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** `dist/main.js`, the service's process entry. */
export const MAIN_PATH = fileURLToPath(new URL("../main.js", import.meta.url));

/** A `main.js` child process with its output collected line by line. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** stdout lines so far (pino JSON). */
  readonly stdout: string[];
  /** stderr lines so far. */
  readonly stderr: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** Runs `main.js` with exactly `env` (plus nothing else from this process). */
export function runService(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [MAIN_PATH], { env, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => {
    let partial = "";
    return (chunk: Buffer): void => {
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      into.push(...lines.filter(Boolean));
    };
  };
  child.stdout?.on("data", collect(stdout));
  child.stderr?.on("data", collect(stderr));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

/** The parsed JSON log lines of `service` so far (lines that are not JSON are skipped). */
export function logLines(service: ServiceProcess): Array<Record<string, unknown>> {
  return service.stdout.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** Waits (up to 10 s) for the `recommendations server listening` log line and returns its ports. */
export async function listening(service: ServiceProcess): Promise<{ port: number; metricsPort: number }> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const line = logLines(service).find((entry) => entry["msg"] === "recommendations server listening");
    if (line) return { port: line["port"] as number, metricsPort: line["metricsPort"] as number };
    if (service.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the service did not start: ${service.stderr.join("\n")}`);
}
