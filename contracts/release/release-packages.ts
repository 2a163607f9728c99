import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { parse as parseToml } from "smol-toml";
import { newestChangelogVersion } from "./changelog.js";
import { findPublishablePackages } from "./publishable-packages.js";

/** The registries a release publishes to: npm, a PyPI-compatible index, Go module tags. */
export type Ecosystem = "npm" | "pypi" | "go";

/** One package a release cuts, in any language. */
export interface ReleasePackage {
  readonly ecosystem: Ecosystem;
  /** npm name, PyPI project name or Go module path. */
  readonly name: string;
  /** Its semver version, without a `v` (the Go tag adds one). */
  readonly version: string;
  /** Directory relative to the repository root, e.g. `clients/python`. */
  readonly dir: string;
  /** The contract directories its code is generated from, e.g. `recommendations/v2`. */
  readonly contracts: readonly string[];
  /** Its CHANGELOG.md, relative to the repository root. */
  readonly changelog: string;
}

/**
 * The Python and Go packages carry every API version: they are generated with
 * `--path recommendations` (the `generate` script of contracts/package.json).
 */
const EVERY_API_VERSION = ["recommendations"] as const;

/**
 * Lists every package of a release: the publishable npm packages (dependencies
 * first), the Python distribution of `clients/python` and the Go module of `clients/go`.
 */
export function findReleasePackages(repoRoot: string): ReleasePackage[] {
  const npm = findPublishablePackages(repoRoot).map(
    (p): ReleasePackage => ({ ecosystem: "npm", name: p.name, version: p.version, dir: p.dir, contracts: p.contracts, changelog: `${p.dir}/CHANGELOG.md` }),
  );
  return [...npm, readPythonPackage(repoRoot), readGoModule(repoRoot)];
}

/** The Python distribution: name and version from `clients/python/pyproject.toml`. */
export function readPythonPackage(repoRoot: string): ReleasePackage {
  const dir = "clients/python";
  const pyproject = parseToml(readFileSync(join(repoRoot, dir, "pyproject.toml"), "utf8")) as { project?: { name?: unknown; version?: unknown } };
  const { name, version } = pyproject.project ?? {};
  if (typeof name !== "string" || typeof version !== "string") {
    throw new Error(`${dir}/pyproject.toml: [project] needs a static name and version`);
  }
  return { ecosystem: "pypi", name, version, dir, contracts: EVERY_API_VERSION, changelog: `${dir}/CHANGELOG.md` };
}

/**
 * The Go module: its path from `clients/go/go.mod`, its version from the newest entry
 * of `clients/go/CHANGELOG.md` (Go has no manifest with a version: the tag
 * `clients/go/vX.Y.Z` the release creates is the version).
 */
export function readGoModule(repoRoot: string): ReleasePackage {
  const dir = "clients/go";
  const changelog = `${dir}/CHANGELOG.md`;
  const path = /^module\s+(\S+)\s*$/m.exec(readFileSync(join(repoRoot, dir, "go.mod"), "utf8"))?.[1];
  if (path === undefined) throw new Error(`${dir}/go.mod names no module`);
  const version = existsSync(join(repoRoot, changelog)) ? newestChangelogVersion(join(repoRoot, changelog)) : undefined;
  if (version === undefined) throw new Error(`${changelog} has no version entry (## X.Y.Z): it gives the Go module its version`);
  return { ecosystem: "go", name: path, version, dir, contracts: EVERY_API_VERSION, changelog };
}

/**
 * Why the module cannot be released as it is: `replace` directives (they apply only
 * inside this repository, never to the module's users), or a module path that does not
 * carry the major version from v2 on (`…/clients/go/v2`), as Go's import versioning requires.
 */
export function goModuleProblems(pkg: ReleasePackage, repoRoot: string): string[] {
  const problems: string[] = [];
  const goMod = readFileSync(join(repoRoot, pkg.dir, "go.mod"), "utf8");
  if (/^\s*replace\b/m.test(goMod)) problems.push(`${pkg.dir}/go.mod has replace directives: its users would not get them`);
  const major = semver.major(pkg.version);
  const suffix = /\/v(\d+)$/.exec(pkg.name)?.[1];
  if (major >= 2 ? suffix !== String(major) : suffix !== undefined) {
    problems.push(`${pkg.dir}/go.mod: module ${pkg.name} at v${pkg.version} needs a path ${major >= 2 ? `ending in /v${major}` : "without a /vN suffix"}`);
  }
  return problems;
}

/** How a package version is named in messages: `@onlinebooks/recommendations-v2@1.2.0`, `onlinebooks-recommendations==1.2.0`, `…/clients/go@v1.2.0`. */
export function describePackage(pkg: ReleasePackage): string {
  switch (pkg.ecosystem) {
    case "npm":
      return `${pkg.name}@${pkg.version}`;
    case "pypi":
      return `${pkg.name}==${pkg.version}`;
    case "go":
      return `${pkg.name}@v${pkg.version}`;
  }
}
