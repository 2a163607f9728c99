import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * Builds the Go main package in `moduleDir` into `outDir` and returns the binary's
 * path. Go's build cache makes a rebuild of unchanged code quick.
 */
export function goBuild(moduleDir: string, outDir: string, name: string): string {
  const binary = join(outDir, name);
  execFileSync("go", ["build", "-o", binary, "."], { cwd: moduleDir, stdio: ["ignore", "inherit", "inherit"] });
  return binary;
}
