import { spawnSync } from "node:child_process";

/** The outcome of a command run to completion. */
export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Where and how to run a command. */
export interface CommandOptions {
  cwd: string;
  /** Variables added to this process's environment for the command. */
  extraEnv?: Record<string, string>;
}

/** Runs a command synchronously and returns its exit status and output; throws only when it cannot start. */
export function runCommand(command: string, args: readonly string[], options: CommandOptions): CommandResult {
  const env = options.extraEnv === undefined ? undefined : { ...process.env, ...options.extraEnv };
  const result = spawnSync(command, args, { cwd: options.cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout.trim(), stderr: result.stderr };
}

/** Runs a command and returns its trimmed stdout, throwing with its output when it fails. */
export function runCommandOk(command: string, args: readonly string[], options: CommandOptions): string {
  const result = runCommand(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}
