import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { DEPLOY_DIR } from "./repo.js";

/** Paths of the pinned tools that `deploy/tools/install-tools.sh` installs. */
export interface Tools {
  /** kustomize, built with `go install` from the Go module proxy. */
  readonly kustomize: string;
  /** hadolint, from its PyPI wheel. */
  readonly hadolint: string;
  /** The Jaeger trace backend (`cmd/jaeger`), built with `go install` from the Go module proxy. */
  readonly jaeger: string;
  /** prometheus, from Debian's `prometheus` package. */
  readonly prometheus: string;
  /** promtool, from the same package. */
  readonly promtool: string;
}

const run = promisify(execFile);
let installed: Promise<Tools> | undefined;

/**
 * Installs the tools once per machine (cached outside the work tree; a no-op when they
 * are there) and returns their paths. The first install builds kustomize and Jaeger and
 * can take ten minutes, so callers give their hook a long timeout.
 */
export function installTools(): Promise<Tools> {
  installed ??= run("bash", [join(DEPLOY_DIR, "tools/install-tools.sh")], { maxBuffer: 16 * 1024 * 1024 }).then(({ stdout }) => {
    const paths = new Map(
      stdout
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const),
    );
    const path = (name: string): string => {
      const value = paths.get(name);
      if (!value) throw new Error(`install-tools.sh printed no path for ${name}:\n${stdout}`);
      return value;
    };
    return {
      kustomize: path("KUSTOMIZE"),
      hadolint: path("HADOLINT"),
      jaeger: path("JAEGER"),
      prometheus: path("PROMETHEUS"),
      promtool: path("PROMTOOL"),
    };
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
