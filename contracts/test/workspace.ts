import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { contractsDir } from "../release/buf.js";
import { repoRoot } from "../release/publishable-packages.js";

/** The repository root, for the specs. */
export { repoRoot };
/** The buf runners and the contracts directory, for the specs. */
export { buf, bufOk, contractsDir, type BufResult } from "../release/buf.js";
/** The image of the last released contract that the breaking check compares against. */
export { releasedImage } from "../release/released-record.js";

/** Every file under `dir` (recursively), as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * This process's environment without npm's own `npm_config_*` variables (npm passes them
 * to the scripts it runs), for the npm commands a spec runs: they see only the settings
 * the spec gives them.
 */
export function envWithoutNpmConfig(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
}

/** The git-ignored directory of the third-party protos the contracts import (contracts/proto-deps.json). */
export const protoDepsDir = join(repoRoot, ".proto-deps");

/**
 * Copies the buf workspace — the module (protos and configuration, not build output),
 * the third-party protos it imports and buf.work.yaml — to a temporary directory, so a
 * test can edit it freely; `dir` is the module's copy, `dispose()` removes it all.
 */
export function copyModule(): { dir: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), "contracts-"));
  const dir = join(root, "contracts");
  cpSync(contractsDir, dir, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|dist|test|release|tools)$/.test(source),
  });
  cpSync(protoDepsDir, join(root, ".proto-deps"), { recursive: true });
  cpSync(join(repoRoot, "buf.work.yaml"), join(root, "buf.work.yaml"));
  return { dir, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Makes `dir` an empty ES-module npm project (`consumer`, private) and installs
 * `packages` into it (names or tarball paths). `npmrc`, if given, is written as the
 * project's `.npmrc` first. npm runs asynchronously, so a registry served by this
 * process keeps answering.
 */
export async function createConsumerProject(
  dir: string,
  packages: string[],
  options: { npmrc?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  if (options.npmrc !== undefined) writeFileSync(join(dir, ".npmrc"), options.npmrc);
  await promisify(execFile)("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...packages], {
    cwd: dir,
    env: options.env,
  });
}
