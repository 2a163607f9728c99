/**
 * Cuts a release: checks every package's version against the breaking check's verdict
 * on the contract since the last cut, then records the cut in `contracts/released/`
 * (the contract's buf image, which the breaking check compares against from then on,
 * and every package's version), so that all languages are published from this commit.
 *
 *   npm run release:cut [-- --dry-run]   check and report (and record, without --dry-run)
 *   npm run release:cut -- --check       only verify that this commit is a cut release
 *
 * A version must move at least as far as its contract did: a breaking change (as
 * `buf breaking` finds it) makes a major release, a compatible addition at least a minor
 * one, a comment change at least a patch; a package whose contract changed must get a
 * new version. Every package's CHANGELOG must start with the entry of its version.
 */
import { parseArgs } from "node:util";
import { bufOk, contractsDir } from "./buf.js";
import { diffContract } from "./contract-diff.js";
import { repoRoot } from "./publishable-packages.js";
import { changelogProblems, describePlan, planRelease, uncutProblems, versionProblems } from "./release-plan.js";
import { findReleasePackages, goModuleProblems } from "./release-packages.js";
import { readReleasedVersions, releasedImage, writeReleasedVersions } from "./released-record.js";

function run(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { "dry-run": { type: "boolean" }, check: { type: "boolean" } } });
  const packages = findReleasePackages(repoRoot);
  const plan = planRelease(packages, readReleasedVersions(), diffContract({ contractsDir, releasedImage }));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  for (const line of describePlan(plan)) log(line);
  const shared = [
    ...packages.flatMap((p) => changelogProblems(p, repoRoot)),
    ...packages.filter((p) => p.ecosystem === "go").flatMap((p) => goModuleProblems(p, repoRoot)),
  ];
  if (values.check === true) {
    const problems = [...plan.flatMap(uncutProblems), ...shared];
    if (problems.length > 0) throw new Error(`this commit is not a cut release (run npm run release:cut in the release pull request):\n  ${problems.join("\n  ")}`);
    log("this commit is the cut release: contracts/released/ records every package's version and the contract as it is");
    return;
  }
  const problems = [...plan.flatMap((p) => versionProblems(p, "refuse")), ...shared];
  if (problems.length > 0) throw new Error(`refused:\n  ${problems.join("\n  ")}`);
  if (values["dry-run"] === true) {
    log("every version follows its contract's change: npm run release:cut would record this release");
    return;
  }
  bufOk(["build", "-o", releasedImage], contractsDir);
  writeReleasedVersions(packages);
  log("recorded contracts/released/image.binpb and contracts/released/versions.json: commit them with the version bumps");
}

try {
  run(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`release:cut: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
