/**
 * Publishes every publishable client package to the registry npm is configured with
 * (`npm_config_registry`, `.npmrc`), in dependency order, skipping versions that are
 * already there, and prints what it did.
 *
 *   npm run publish:clients [-- --dry-run] [-- --tag recommendations-v2@1.2.0]
 *
 * `--tag` (the release tag that triggered a release) must name a package and its
 * current version, or nothing is published. Provenance is enabled by npm's own
 * `NPM_CONFIG_PROVENANCE=true`, as the release workflow sets it.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { findPublishablePackages, repoRoot, type PublishablePackage } from "./publishable-packages.js";

function npm(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync("npm", args, { cwd: repoRoot, encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout.trim(), stderr: result.stderr };
}

function isPublished(pkg: PublishablePackage): boolean {
  const view = npm(["view", `${pkg.name}@${pkg.version}`, "version", "--json"]);
  if (view.status === 0) return view.stdout !== "";
  if (/E404|404 Not Found/.test(view.stderr + view.stdout)) return false;
  throw new Error(`cannot ask the registry about ${pkg.name}@${pkg.version}:\n${view.stderr}`);
}

function checkTag(tag: string, packages: PublishablePackage[]): void {
  const at = tag.lastIndexOf("@");
  const [dirName, version] = [tag.slice(0, at), tag.slice(at + 1)];
  const pkg = packages.find((p) => p.dir === `clients/${dirName}`);
  if (at <= 0 || pkg === undefined) {
    throw new Error(`tag ${tag} names no publishable package (expected <dir>@<version>, e.g. recommendations-v2@1.2.0)`);
  }
  if (pkg.version !== version) {
    throw new Error(`tag ${tag} does not match ${pkg.name}, whose package.json says ${pkg.version}`);
  }
}

function run(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { "dry-run": { type: "boolean" }, tag: { type: "string" } } });
  const dryRun = values["dry-run"] === true;
  const packages = findPublishablePackages(repoRoot);
  if (values.tag !== undefined) checkTag(values.tag, packages);
  const registry = npm(["config", "get", "registry"]).stdout;
  process.stdout.write(`registry: ${registry}${dryRun ? " (dry run)" : ""}\n`);
  for (const pkg of packages) {
    const id = `${pkg.name}@${pkg.version}`;
    if (isPublished(pkg)) {
      process.stdout.write(`skipped   ${id} (already published)\n`);
      continue;
    }
    const publish = npm(["publish", "-w", pkg.dir, "--access", "public", ...(dryRun ? ["--dry-run"] : [])]);
    if (publish.status !== 0) throw new Error(`npm publish ${id} failed:\n${publish.stderr}`);
    process.stdout.write(`${dryRun ? "would publish" : "published"} ${id}\n`);
    if (pkg.deprecation !== undefined && !dryRun) {
      const deprecate = npm(["deprecate", `${pkg.name}@<=${pkg.version}`, pkg.deprecation]);
      if (deprecate.status !== 0) throw new Error(`npm deprecate ${pkg.name} failed:\n${deprecate.stderr}`);
      process.stdout.write(`deprecated ${pkg.name}@<=${pkg.version}: ${pkg.deprecation}\n`);
    }
  }
}

try {
  run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`publish:clients: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
