/**
 * Publishes every client package of a release that is not published yet, in every
 * language, from the current commit, and prints what it did:
 *
 *   npm run publish:clients [-- --dry-run] [--tag <dir>@<version>] [--only npm|python|go]…
 *                           [--python-out <dir>] [--git-remote <remote>]
 *
 * - npm: every publishable package of `clients/`, to the registry npm is configured
 *   with (`npm_config_registry`, `.npmrc`), dependencies first; deprecation messages set.
 * - python: `clients/python` as an sdist and a wheel, to the index of twine's
 *   `TWINE_REPOSITORY_URL` / `TWINE_USERNAME` / `TWINE_PASSWORD`; with `--python-out`
 *   only built into that directory (the release workflow uploads them itself).
 * - go: the tag `clients/go/vX.Y.Z`, pushed to `--git-remote` (default `origin`).
 *
 * Versions already published are skipped. Before publishing anything it refuses a
 * release tag (`--tag`, the tag that triggered a release) that does not name a package
 * and its version, a version whose step from the last cut release is smaller than the
 * breaking check's verdict on its contract demands, and a CHANGELOG without the entry
 * of the version.
 */
import { parseArgs } from "node:util";
import { contractsDir } from "./buf.js";
import { diffContract } from "./contract-diff.js";
import { readReleaseConfig } from "./config.js";
import { publishGo } from "./publish-go.js";
import { publishNpm } from "./publish-npm.js";
import { publishPython } from "./publish-python.js";
import { findPublishablePackages, repoRoot } from "./publishable-packages.js";
import { changelogProblems, planRelease, versionProblems } from "./release-plan.js";
import { findReleasePackages, goModuleProblems, type ReleasePackage } from "./release-packages.js";
import { readReleasedVersions, releasedImage } from "./released-record.js";

const TARGETS = { npm: "npm", python: "pypi", go: "go" } as const;
type Target = keyof typeof TARGETS;

function isTarget(value: string): value is Target {
  return Object.hasOwn(TARGETS, value);
}

/** The release tag `<package directory>@<version>` must name a package and its current version. */
function checkTag(tag: string, packages: readonly ReleasePackage[]): void {
  const at = tag.lastIndexOf("@");
  const [dirName, version] = [tag.slice(0, at), tag.slice(at + 1)];
  const pkg = packages.find((p) => p.dir === `clients/${dirName}`);
  if (at <= 0 || pkg === undefined) {
    throw new Error(`tag ${tag} names no package (expected <dir>@<version>, e.g. recommendations-v2@1.2.0, python@1.2.0, go@1.2.0)`);
  }
  if (pkg.version !== version) throw new Error(`tag ${tag} does not match ${pkg.name}, whose version is ${pkg.version}`);
}

async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "dry-run": { type: "boolean" },
      tag: { type: "string" },
      only: { type: "string", multiple: true },
      "python-out": { type: "string" },
      "git-remote": { type: "string", default: "origin" },
    },
  });
  const dryRun = values["dry-run"] === true;
  const only = values.only ?? Object.keys(TARGETS);
  const unknown = only.filter((t) => !isTarget(t));
  if (unknown.length > 0) throw new Error(`--only takes npm, python or go, not ${unknown.join(", ")}`);
  const targets = new Set(only.filter(isTarget).map((t) => TARGETS[t]));
  const config = readReleaseConfig();

  const packages = findReleasePackages(repoRoot);
  if (values.tag !== undefined) checkTag(values.tag, packages);
  const selected = packages.filter((p) => targets.has(p.ecosystem));
  const plan = planRelease(selected, readReleasedVersions(), diffContract({ contractsDir, releasedImage }));
  const problems = [
    ...plan.flatMap((p) => versionProblems(p, "accept")),
    ...selected.flatMap((p) => changelogProblems(p, repoRoot)),
    ...selected.filter((p) => p.ecosystem === "go").flatMap((p) => goModuleProblems(p, repoRoot)),
  ];
  if (targets.has("pypi") && config.pythonIndex === undefined && values["python-out"] === undefined && !dryRun) {
    problems.push("python: set TWINE_REPOSITORY_URL (with TWINE_USERNAME and TWINE_PASSWORD) to the index to upload to, e.g. https://upload.pypi.org/legacy/");
  }
  if (problems.length > 0) throw new Error(`nothing published:\n  ${problems.join("\n  ")}`);

  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (targets.has("npm")) publishNpm(findPublishablePackages(repoRoot), { repoRoot, dryRun, log });
  for (const pkg of selected.filter((p) => p.ecosystem === "pypi")) {
    await publishPython(pkg, { repoRoot, dryRun, outDir: values["python-out"], index: config.pythonIndex, log });
  }
  for (const pkg of selected.filter((p) => p.ecosystem === "go")) {
    publishGo(pkg, { repoRoot, dryRun, remote: values["git-remote"], log });
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`publish:clients: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
