import { runCommand, runCommandOk } from "./command.js";
import { describePackage, type ReleasePackage } from "./release-packages.js";

/** How to release the Go module. */
export interface PublishGoOptions {
  repoRoot: string;
  dryRun: boolean;
  /** The git remote (name or URL) to push the tag to, e.g. `origin`. */
  remote: string;
  log: (line: string) => void;
}

/** The tag that releases a Go module in a subdirectory: `clients/go/v1.2.0`. */
export function goModuleTag(pkg: ReleasePackage): string {
  return `${pkg.dir}/v${pkg.version}`;
}

/**
 * Releases the Go module the Go way: pushes the tag `<dir>/vX.Y.Z` at the current
 * commit to `remote`, unless the remote has that tag already. The module proxies fetch
 * it from there on first request. Refuses when the module's directory has uncommitted
 * changes, which the tag would not carry.
 */
export function publishGo(pkg: ReleasePackage, options: PublishGoOptions): void {
  const { repoRoot, remote, dryRun, log } = options;
  const tag = goModuleTag(pkg);
  const id = `${describePackage(pkg)} (tag ${tag})`;
  log(`go remote: ${remote}${dryRun ? " (dry run)" : ""}`);
  const existing = runCommandOk("git", ["ls-remote", "--tags", remote, `refs/tags/${tag}`], { cwd: repoRoot });
  if (existing !== "") {
    log(`skipped   ${id} (already tagged)`);
    return;
  }
  const dirty = runCommandOk("git", ["status", "--porcelain", "--", pkg.dir], { cwd: repoRoot });
  if (dirty !== "" && !dryRun) throw new Error(`${pkg.dir} has uncommitted changes; the tag ${tag} would not contain them:\n${dirty}`);
  const push = runCommand("git", ["push", ...(dryRun ? ["--dry-run"] : []), remote, `HEAD:refs/tags/${tag}`], { cwd: repoRoot });
  if (push.status !== 0) throw new Error(`git push ${remote} ${tag} failed:\n${push.stderr}`);
  log(`${dryRun ? "would tag" : "tagged"} ${id}`);
}
