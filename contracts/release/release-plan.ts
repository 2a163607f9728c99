import { existsSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { newestChangelogVersion } from "./changelog.js";
import type { ContractDiff, FileChange } from "./contract-diff.js";
import { describePackage, type ReleasePackage } from "./release-packages.js";
import { releasedVersionOf, type ReleasedVersions } from "./released-record.js";

/** How the contract a package carries changed since its last release, worst first. */
export type ContractChange = "breaking" | "compatible" | "comments" | "none";

/** A semver step, smallest first. */
export type Bump = "none" | "patch" | "minor" | "major";

/** One package of a release: what it was released as, what changed since, how its version moved. */
export interface PlannedPackage {
  readonly pkg: ReleasePackage;
  /** The version the last cut recorded, or undefined before its first release. */
  readonly released: string | undefined;
  /** The change of its contract files since that cut. */
  readonly change: ContractChange;
  /** From `released` to the current version; `lower` when it went down, `first` before a first release. */
  readonly bump: Bump | "lower" | "first";
}

const BUMPS: readonly Bump[] = ["none", "patch", "minor", "major"];
const SEVERITY: readonly ContractChange[] = ["none", "comments", "compatible", "breaking"];

/** The semver step a contract change demands: breaking → major, compatible → minor, comments → patch. */
export function requiredBump(change: ContractChange): Bump {
  return BUMPS[SEVERITY.indexOf(change)] ?? "major";
}

function fileChange(change: FileChange): ContractChange {
  switch (change) {
    case "unchanged":
      return "none";
    case "comments":
      return "comments";
    case "added":
    case "compatible":
      return "compatible";
    case "deleted":
    case "breaking":
      return "breaking";
  }
}

function worst(changes: ContractChange[]): ContractChange {
  return changes.reduce<ContractChange>((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a), "none");
}

/** The change of the contract files a package is generated from (a file is in a package when it is under one of its directories). */
export function packageChange(pkg: ReleasePackage, diff: ContractDiff): ContractChange {
  if (pkg.contracts.length === 0) return "none";
  const changes = [...diff.files]
    .filter(([file]) => pkg.contracts.some((dir) => file.startsWith(`${dir}/`)))
    .map(([, change]) => fileChange(change));
  if (diff.unattributedBreaking.length > 0) changes.push("breaking");
  return worst(changes);
}

function bumpBetween(released: string, version: string): Bump | "lower" {
  if (semver.lt(version, released)) return "lower";
  const step = semver.diff(released, version);
  if (step === null) return "none";
  if (step === "major" || step === "premajor") return "major";
  if (step === "minor" || step === "preminor") return "minor";
  return "patch";
}

/** Puts every package beside its last released version and the change of its contract since. */
export function planRelease(packages: readonly ReleasePackage[], record: ReleasedVersions, diff: ContractDiff): PlannedPackage[] {
  return packages.map((pkg) => {
    const released = releasedVersionOf(record, pkg);
    if (semver.valid(pkg.version) === null) throw new Error(`${pkg.dir}: version ${pkg.version} is not semver (X.Y.Z)`);
    return { pkg, released, change: packageChange(pkg, diff), bump: released === undefined ? "first" : bumpBetween(released, pkg.version) };
  });
}

const DESCRIPTION: Record<ContractChange, string> = {
  breaking: "breaking changes (buf breaking)",
  compatible: "compatible additions",
  comments: "documentation changes",
  none: "no changes",
};

/**
 * What stops a package from going out with its current version: a version lower than
 * the released one, or a step smaller than its contract's change demands (a breaking
 * change is a major release, an addition at least a minor one, a comment at least a
 * patch). `unbumped` decides whether an unchanged version with a changed contract is
 * refused (when cutting) or accepted (when publishing a version cut before).
 */
export function versionProblems(planned: PlannedPackage, unbumped: "refuse" | "accept"): string[] {
  const { pkg, released, change, bump } = planned;
  if (released === undefined || bump === "first") return [];
  const name = describePackage(pkg);
  if (bump === "lower") return [`${name} is lower than the released ${released}`];
  const required = requiredBump(change);
  if (bump === "none" && unbumped === "accept") return [];
  if (BUMPS.indexOf(bump) >= BUMPS.indexOf(required)) return [];
  const least = semver.inc(released, required as semver.ReleaseType) ?? released;
  const step = bump === "none" ? "is the released version" : `is a ${bump} release`;
  return [`${name} ${step}, but its contract has ${DESCRIPTION[change]} since ${released}: it must be at least ${least}`];
}

/** What shows that this commit is not the cut of the release it claims: a version or contract that differs from the record. */
export function uncutProblems(planned: PlannedPackage): string[] {
  const { pkg, released, change } = planned;
  const problems: string[] = [];
  if (released !== pkg.version) problems.push(`${describePackage(pkg)} is not recorded in contracts/released/versions.json (it records ${released ?? "no version"})`);
  if (change !== "none") problems.push(`${describePackage(pkg)}: its contract has ${DESCRIPTION[change]} since the release was cut`);
  return problems;
}

/** A package's CHANGELOG must exist and start with the entry of its current version. */
export function changelogProblems(pkg: ReleasePackage, repoRoot: string): string[] {
  const path = join(repoRoot, pkg.changelog);
  if (!existsSync(path)) return [`${pkg.changelog} is missing`];
  const newest = newestChangelogVersion(path);
  return newest === pkg.version ? [] : [`${pkg.changelog} starts with ${newest ?? "no version entry"}, not ${pkg.version}`];
}

/** One line per package for a release report: released → now, contract change, required step. */
export function describePlan(plan: readonly PlannedPackage[]): string[] {
  return plan.map(({ pkg, released, change }) => {
    const from = released === undefined ? "first release" : `released ${released}`;
    return `${pkg.ecosystem.padEnd(4)} ${describePackage(pkg).padEnd(60)} ${from}; contract since: ${DESCRIPTION[change]}`;
  });
}
