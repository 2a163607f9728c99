// Puts the third-party .proto files the contracts import into the git-ignored directory
// named in contracts/proto-deps.json (a module of the buf workspace), each taken from a
// pinned registry package and checked against its SHA-256 there:
//
// - registry "maven": the artifact is downloaded over HTTPS from Maven Central once,
//   checked, kept in the user's cache (${XDG_CACHE_HOME:-~/.cache}/onlinebooks/maven),
//   and the files are read out of the jar;
// - registry "npm": the package is a pinned devDependency of @onlinebooks/contracts
//   (installed by `npm install`, checked by the lock file's integrity); the files are
//   read from it.
//
// Runs after `npm install` (the root's postinstall) and before every buf command of the
// contracts' scripts. Quick and silent when the directory already holds exactly the
// pinned files. Exits non-zero, naming the file, on any checksum or version mismatch.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";

const contractsDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = dirname(contractsDir.replace(/\/$/, ""));
const pins = JSON.parse(readFileSync(join(contractsDir, "proto-deps.json"), "utf8"));
const target = join(repoRoot, pins.directory);

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

function wanted() {
  return pins.sources.flatMap((source) => Object.entries(source.files).map(([path, hash]) => ({ source, path, hash })));
}

function upToDate() {
  return wanted().every(({ path, hash }) => {
    const file = join(target, path);
    return existsSync(file) && sha256(readFileSync(file)) === hash;
  });
}

function check(bytes, expected, what) {
  const actual = sha256(bytes);
  if (actual !== expected) throw new Error(`${what}: SHA-256 ${actual}, pinned ${expected} (contracts/proto-deps.json)`);
  return bytes;
}

async function mavenArtifact(source) {
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  const cached = join(cacheRoot, "onlinebooks/maven", new URL(source.url).pathname.replace(/^\/maven2\//, ""));
  if (existsSync(cached)) {
    const bytes = readFileSync(cached);
    if (sha256(bytes) === source.sha256) return bytes;
  }
  console.log(`proto deps: downloading ${source.coordinates} from ${source.url}`);
  const response = await fetch(source.url);
  if (!response.ok) throw new Error(`${source.url}: HTTP ${response.status}`);
  const bytes = check(Buffer.from(await response.arrayBuffer()), source.sha256, source.url);
  mkdirSync(dirname(cached), { recursive: true });
  writeFileSync(`${cached}.tmp-${process.pid}`, bytes);
  renameSync(`${cached}.tmp-${process.pid}`, cached);
  return bytes;
}

async function filesOf(source) {
  if (source.registry === "maven") {
    const names = new Set(Object.keys(source.files));
    const entries = unzipSync(await mavenArtifact(source), { filter: (entry) => names.has(entry.name) });
    return Object.keys(source.files).map((path) => {
      if (!entries[path]) throw new Error(`${source.coordinates} has no ${path}`);
      return { path, bytes: Buffer.from(entries[path]) };
    });
  }
  if (source.registry === "npm") {
    const require = createRequire(join(contractsDir, "package.json"));
    const manifest = require.resolve(`${source.package}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, "utf8"));
    if (version !== source.version) {
      throw new Error(`${source.package} ${version} is installed, ${source.version} is pinned: run npm install`);
    }
    return Object.keys(source.files).map((path) => ({ path, bytes: readFileSync(join(dirname(manifest), path)) }));
  }
  throw new Error(`unknown registry ${source.registry} of ${source.name}`);
}

async function main() {
  if (upToDate()) return;
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const source of pins.sources) {
    for (const { path, bytes } of await filesOf(source)) {
      check(bytes, source.files[path], `${path} of ${source.name}`);
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), bytes);
    }
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  console.log(`proto deps: ${wanted().map(({ path }) => path).join(", ")} in ${pins.directory}/`);
}

main().catch((error) => {
  console.error(`proto deps: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
