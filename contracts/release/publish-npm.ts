import { runCommand } from "./command.js";
import type { PublishablePackage } from "./publishable-packages.js";

/** How to publish the npm packages. */
export interface PublishNpmOptions {
  repoRoot: string;
  dryRun: boolean;
  /** Receives one line per thing done. */
  log: (line: string) => void;
}

/**
 * Publishes the npm packages (given in dependency order) to the registry npm is
 * configured with (`npm_config_registry`, `.npmrc`), skipping versions already there,
 * and sets the deprecation message of deprecated packages on every published version.
 * Provenance comes from npm's own `NPM_CONFIG_PROVENANCE=true`.
 */
export function publishNpm(packages: readonly PublishablePackage[], options: PublishNpmOptions): void {
  const npm = (args: string[]) => runCommand("npm", args, { cwd: options.repoRoot });
  options.log(`registry: ${npm(["config", "get", "registry"]).stdout}${options.dryRun ? " (dry run)" : ""}`);
  for (const pkg of packages) {
    const id = `${pkg.name}@${pkg.version}`;
    const view = npm(["view", id, "version", "--json"]);
    if (view.status !== 0 && !/E404|404 Not Found/.test(view.stderr + view.stdout)) {
      throw new Error(`cannot ask the registry about ${id}:\n${view.stderr}`);
    }
    if (view.status === 0 && view.stdout !== "") {
      options.log(`skipped   ${id} (already published)`);
      continue;
    }
    const publish = npm(["publish", "-w", pkg.dir, "--access", "public", ...(options.dryRun ? ["--dry-run"] : [])]);
    if (publish.status !== 0) throw new Error(`npm publish ${id} failed:\n${publish.stderr}`);
    options.log(`${options.dryRun ? "would publish" : "published"} ${id}`);
    if (pkg.deprecation !== undefined && !options.dryRun) {
      const deprecate = npm(["deprecate", `${pkg.name}@<=${pkg.version}`, pkg.deprecation]);
      if (deprecate.status !== 0) throw new Error(`npm deprecate ${pkg.name} failed:\n${deprecate.stderr}`);
      options.log(`deprecated ${pkg.name}@<=${pkg.version}: ${pkg.deprecation}`);
    }
  }
}
