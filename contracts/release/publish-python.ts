import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCommandOk } from "./command.js";
import type { PythonIndexConfig } from "./config.js";
import { describePackage, type ReleasePackage } from "./release-packages.js";

/** How to build and publish the Python distributions. */
export interface PublishPythonOptions {
  repoRoot: string;
  dryRun: boolean;
  /**
   * Build the sdist and the wheel into this directory and upload nothing (the release
   * workflow uploads them with PyPI's trusted publishing). Undefined: a temporary one.
   */
  outDir: string | undefined;
  /** Where to upload; may be undefined only for a dry run or with `outDir`. */
  index: PythonIndexConfig | undefined;
  log: (line: string) => void;
}

/** The simple-API (PEP 503) base URL that belongs to an upload URL: PyPI's own, else `<upload URL>/simple/`. */
export function simpleIndexUrl(uploadUrl: string): string {
  const url = new URL(uploadUrl);
  if (url.hostname === "upload.pypi.org") return "https://pypi.org/simple/";
  if (url.hostname === "test.pypi.org") return "https://test.pypi.org/simple/";
  return new URL("simple/", url.href.endsWith("/") ? url.href : `${url.href}/`).href;
}

/** Which of `files` the index already holds, read from the project's page of its simple API. */
async function filesOnIndex(index: PythonIndexConfig, project: string, files: readonly string[]): Promise<string[]> {
  const page = new URL(`${project.toLowerCase().replace(/[-_.]+/g, "-")}/`, simpleIndexUrl(index.uploadUrl));
  const headers: Record<string, string> = {};
  if (index.username !== undefined) headers["authorization"] = `Basic ${Buffer.from(`${index.username}:${index.password ?? ""}`).toString("base64")}`;
  const response = await fetch(page, { headers, signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`cannot ask the Python index about ${project} (${page.href}): ${response.status} ${response.statusText}`);
  const listing = await response.text();
  return files.filter((file) => listing.includes(file));
}

/** Builds the sdist and the wheel of `clients/python` with the pinned build backend; returns their file names. */
function buildDistributions(pkg: ReleasePackage, python: string, repoRoot: string, outDir: string): string[] {
  // Reproducible archives: file times are the release commit's.
  const commitTime = runCommandOk("git", ["log", "-1", "--format=%ct"], { cwd: repoRoot });
  runCommandOk(python, ["-m", "build", "--no-isolation", "--outdir", outDir, pkg.dir], {
    cwd: repoRoot,
    extraEnv: { SOURCE_DATE_EPOCH: commitTime },
  });
  const stem = `${pkg.name.replace(/[-_.]+/g, "_")}-${pkg.version}`;
  const files = readdirSync(outDir).filter((f) => f === `${stem}.tar.gz` || (f.startsWith(`${stem}-`) && f.endsWith(".whl")));
  if (files.length !== 2) throw new Error(`expected an sdist and a wheel of ${stem} in ${outDir}, found: ${files.join(", ")}`);
  runCommandOk(python, ["-m", "twine", "check", "--strict", ...files.map((f) => join(outDir, f))], { cwd: repoRoot });
  return files.sort();
}

/**
 * Builds `clients/python` into an sdist and a wheel (setuptools, `python -m build`),
 * checks them (`twine check --strict`), then uploads with twine those the index does
 * not hold yet; twine reads the index and credentials from `TWINE_REPOSITORY_URL`,
 * `TWINE_USERNAME`, `TWINE_PASSWORD`. The toolchain comes from `clients/python/.venv`
 * (`clients/python/tools/setup.sh`, run first).
 */
export async function publishPython(pkg: ReleasePackage, options: PublishPythonOptions): Promise<void> {
  const { repoRoot, log } = options;
  runCommandOk("sh", ["clients/python/tools/setup.sh"], { cwd: repoRoot });
  const python = join(repoRoot, "clients/python/.venv/bin/python");
  const id = describePackage(pkg);
  const outDir = options.outDir === undefined ? mkdtempSync(join(tmpdir(), "python-dist-")) : resolve(options.outDir);
  try {
    mkdirSync(outDir, { recursive: true });
    const files = buildDistributions(pkg, python, repoRoot, outDir);
    if (options.outDir !== undefined) {
      log(`built ${id} into ${outDir}: ${files.join(", ")}`);
      return;
    }
    if (options.index === undefined) {
      log(`would publish ${id} (${files.join(", ")}; no TWINE_REPOSITORY_URL to compare with)`);
      return;
    }
    log(`python index: ${options.index.uploadUrl}${options.dryRun ? " (dry run)" : ""}`);
    const present = await filesOnIndex(options.index, pkg.name, files);
    const missing = files.filter((f) => !present.includes(f));
    if (missing.length === 0) {
      log(`skipped   ${id} (already published)`);
      return;
    }
    if (!options.dryRun) {
      runCommandOk(python, ["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", ...missing.map((f) => join(outDir, f))], { cwd: repoRoot });
    }
    log(`${options.dryRun ? "would publish" : "published"} ${id}`);
  } finally {
    if (options.outDir === undefined) rmSync(outDir, { recursive: true, force: true });
  }
}
