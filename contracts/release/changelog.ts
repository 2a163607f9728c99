import { readFileSync } from "node:fs";

/**
 * The version of the newest entry of a CHANGELOG.md: its first `## X.Y.Z` heading
 * (anything after the version on that line, such as a date, is ignored), or undefined.
 */
export function newestChangelogVersion(path: string): string | undefined {
  return /^## v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b/m.exec(readFileSync(path, "utf8"))?.[1];
}
