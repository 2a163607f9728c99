import { acceptsConnections, freePort } from "./ports.js";
import { startServiceProcess, type OutputMode, type ServiceProcess, type WaitOptions } from "./service-process.js";

/** A process that listens on a port of 127.0.0.1, started by {@link startListeningProcess} or a service starter. */
export interface ListeningProcess extends ServiceProcess {
  /** The port it listens on. */
  readonly port: number;
}

/**
 * When a started process counts as ready: `"port"` once its port accepts TCP
 * connections, `"none"` at once (for a process expected to fail at start-up), or once
 * the given check resolves true.
 */
export type Readiness = "port" | "none" | ((process: ListeningProcess) => boolean | Promise<boolean>);

/** How a process is started: what {@link startListeningProcess} and the service starters share. */
export interface StartOptions {
  /** The port it listens on; default a free port of 127.0.0.1. */
  readonly port?: number;
  /** Environment variables on top of the starter's own (which they may override). */
  readonly env?: Readonly<Record<string, string>>;
  /** Names of variables copied from this process's environment; default `PATH` only. */
  readonly inheritEnv?: readonly string[];
  /** Where its stdout goes; default `collect`. */
  readonly stdout?: OutputMode;
  /** Where its stderr goes; default `collect`. */
  readonly stderr?: OutputMode;
  /** Node.js options before the script, such as `--cpu-prof`. */
  readonly nodeOptions?: readonly string[];
  /** When it counts as started; default `"port"`. */
  readonly ready?: Readiness;
  /** How long and how often readiness is checked (default 20 s, every 50 ms). */
  readonly wait?: WaitOptions;
}

/** Options of {@link startListeningProcess}: the script, and how the chosen port is passed to it. */
export interface ListeningProcessOptions extends StartOptions {
  /** The Node.js script to run. */
  readonly main: string;
  /** Its arguments and environment for the port it is to listen on. */
  readonly configure: (port: number) => { readonly args?: readonly string[]; readonly env?: Readonly<Record<string, string>> };
}

/**
 * Runs `node main` on a port (`options.port`, or a free one) passed as `configure`
 * says, and resolves once it is ready (`options.ready`); rejects, having killed it,
 * with its collected output when it exits or is not ready in time. The caller stops it.
 */
export async function startListeningProcess(options: ListeningProcessOptions): Promise<ListeningProcess> {
  const port = options.port ?? (await freePort());
  const { args, env } = options.configure(port);
  const child = startServiceProcess({
    main: options.main,
    args,
    nodeOptions: options.nodeOptions,
    env: { ...env, ...options.env },
    inheritEnv: options.inheritEnv ?? ["PATH"],
    stdout: options.stdout,
    stderr: options.stderr,
  });
  const started: ListeningProcess = Object.assign(child, { port });
  const ready = options.ready ?? "port";
  if (ready === "port") await started.waitUntil(() => acceptsConnections(port), options.wait);
  else if (ready !== "none") await started.waitUntil(() => ready(started), options.wait);
  return started;
}
