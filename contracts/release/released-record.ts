import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contractsDir } from "./buf.js";
import type { Ecosystem, ReleasePackage } from "./release-packages.js";

/** What the last cut release recorded: `contracts/released/`. */
export const releasedDir = join(contractsDir, "released");
/** The buf image of the contract the last release was cut from; the breaking check compares against it. */
export const releasedImage = join(releasedDir, "image.binpb");
/** The version of every package the last release was cut as, by ecosystem and name. */
export const releasedVersionsFile = join(releasedDir, "versions.json");

/** The contents of `versions.json`: ecosystem → package name → version. */
export type ReleasedVersions = Partial<Record<Ecosystem, Record<string, string>>>;

/** Reads `versions.json` (a missing file means nothing was released yet). */
export function readReleasedVersions(file = releasedVersionsFile): ReleasedVersions {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ReleasedVersions;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

/** The version a package was last cut as, or undefined before its first release. */
export function releasedVersionOf(record: ReleasedVersions, pkg: ReleasePackage): string | undefined {
  return record[pkg.ecosystem]?.[pkg.name];
}

/** Writes `versions.json` with the current version of every package (and nothing else). */
export function writeReleasedVersions(packages: readonly ReleasePackage[], file = releasedVersionsFile): void {
  const record: ReleasedVersions = {};
  for (const pkg of packages) (record[pkg.ecosystem] ??= {})[pkg.name] = pkg.version;
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
