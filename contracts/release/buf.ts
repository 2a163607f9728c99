import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./publishable-packages.js";

/** The contracts directory: the buf module. */
export const contractsDir = join(repoRoot, "contracts");

const binDir = join(repoRoot, "node_modules/.bin");
const bufBin = join(binDir, "buf");
/** buf finds the local protoc plugins on PATH. */
const bufEnv = { ...process.env, PATH: `${binDir}:${process.env["PATH"] ?? ""}` };

/** The outcome of a buf command. */
export interface BufResult {
  status: number;
  output: string;
}

/** Runs the pinned buf CLI with the local plugins on PATH; never throws on a non-zero exit. */
export function buf(args: string[], cwd = contractsDir): BufResult {
  const result = spawnSync(bufBin, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: bufEnv });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** Runs buf and returns its stdout, throwing with buf's output when it fails. */
export function bufOk(args: string[], cwd = contractsDir): string {
  return execFileSync(bufBin, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: bufEnv });
}
