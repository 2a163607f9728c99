import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The repository root (this module runs from `deploy/dist/support/`). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The `deploy/` directory. */
export const DEPLOY_DIR = join(REPO_ROOT, "deploy");

/** Reads a file of the repository as UTF-8, by its path from the root. */
export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), "utf8");
}

/**
 * The workspace directories the lock file knows (`packages` entries that are not under
 * `node_modules/`), as paths from the root: what `npm ci` needs a `package.json` for.
 */
export function lockedWorkspaces(): string[] {
  const lock = JSON.parse(readRepoFile("package-lock.json")) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages)
    .filter((path) => path !== "" && !path.includes("node_modules/"))
    .sort();
}
