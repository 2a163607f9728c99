import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file runs from contracts/dist/release/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A workspace package that is published to the registry. */
export interface PublishablePackage {
  /** npm name, e.g. `@onlinebooks/recommendations-v2`. */
  readonly name: string;
  readonly version: string;
  /** Directory relative to the repository root, e.g. `clients/recommendations-v2`. */
  readonly dir: string;
  /** A deprecation message to set on every published version, if the package is deprecated. */
  readonly deprecation: string | undefined;
  /** Names of the other publishable packages it depends on. */
  readonly internalDependencies: readonly string[];
  /** The contract directories its code is generated from (`onlinebooks.contracts`), e.g. `recommendations/v2`. */
  readonly contracts: readonly string[];
}

interface PackageJson {
  name?: string;
  version?: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  onlinebooks?: { deprecated?: string; contracts?: string[] };
}

/**
 * Lists the publishable packages of the `clients/` workspaces (every package there
 * that is not private), ordered so that a package comes after those it depends on.
 */
export function findPublishablePackages(repoRoot: string): PublishablePackage[] {
  const found: PublishablePackage[] = [];
  for (const entry of readdirSync(join(repoRoot, "clients"), { withFileTypes: true })) {
    const manifestPath = join(repoRoot, "clients", entry.name, "package.json");
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PackageJson;
    if (manifest.private === true) continue;
    if (manifest.name === undefined || manifest.version === undefined) {
      throw new Error(`${manifestPath}: a publishable package needs a name and a version`);
    }
    found.push({
      name: manifest.name,
      version: manifest.version,
      dir: `clients/${entry.name}`,
      deprecation: manifest.onlinebooks?.deprecated,
      internalDependencies: Object.keys(manifest.dependencies ?? {}),
      contracts: manifest.onlinebooks?.contracts ?? [],
    });
  }
  const names = new Set(found.map((p) => p.name));
  const withInternal = found.map((p) => ({ ...p, internalDependencies: p.internalDependencies.filter((d) => names.has(d)) }));
  return dependencyOrder(withInternal);
}

function dependencyOrder(packages: PublishablePackage[]): PublishablePackage[] {
  const ordered: PublishablePackage[] = [];
  const placed = new Set<string>();
  let remaining = [...packages].sort((a, b) => a.name.localeCompare(b.name));
  while (remaining.length > 0) {
    const ready = remaining.filter((p) => p.internalDependencies.every((d) => placed.has(d)));
    if (ready.length === 0) throw new Error(`dependency cycle among ${remaining.map((p) => p.name).join(", ")}`);
    for (const p of ready) {
      ordered.push(p);
      placed.add(p.name);
    }
    remaining = remaining.filter((p) => !placed.has(p.name));
  }
  return ordered;
}
