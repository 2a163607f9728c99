import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { contractsDir, listFiles, protoDepsDir, repoRoot } from "./workspace.js";

interface Source {
  name: string;
  registry: "maven" | "npm";
  files: Record<string, string>;
  url?: string;
  sha256?: string;
  version?: string;
}
const pins = JSON.parse(readFileSync(join(contractsDir, "proto-deps.json"), "utf8")) as { directory: string; sources: Source[] };
const script = join(contractsDir, "tools/fetch-proto-deps.mjs");
const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("third-party protos (contracts/proto-deps.json)", () => {
  it("come from pinned registry packages: a Maven Central artifact by URL and checksum, an npm package at the exact version the lock file installs", () => {
    const maven = pins.sources.filter((source) => source.registry === "maven");
    expect(maven.map((source) => source.url)).to.deep.equal(["https://repo1.maven.org/maven2/build/buf/protovalidate/1.3.0/protovalidate-1.3.0.jar"]);
    expect(maven[0]?.sha256).to.match(/^[0-9a-f]{64}$/);
    const manifest = JSON.parse(readFileSync(join(contractsDir, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    for (const source of pins.sources.filter((s) => s.registry === "npm")) {
      expect(manifest.devDependencies[source.name], source.name).to.equal(source.version);
    }
  });

  it("are exactly the pinned files with the pinned checksums, in a git-ignored directory of the buf workspace", () => {
    const wanted = pins.sources.flatMap((source) => Object.entries(source.files));
    expect(listFiles(protoDepsDir)).to.deep.equal(wanted.map(([path]) => path).sort());
    for (const [path, hash] of wanted) expect(sha256(join(protoDepsDir, path)), path).to.equal(hash);
    expect(readFileSync(join(repoRoot, "buf.work.yaml"), "utf8")).to.match(/^\s+- \.proto-deps$/m);
    expect(execFileSync("git", ["check-ignore", pins.directory], { cwd: repoRoot, encoding: "utf8" }).trim()).to.equal(pins.directory);
    expect(execFileSync("git", ["ls-files", "--", "*.proto"], { cwd: repoRoot, encoding: "utf8" })).not.to.match(/buf\/validate|google\/rpc/);
  });

  it("are refused, naming the file, when a package no longer matches its pinned checksum", () => {
    // A copy of the repository's relevant parts, whose pin of status.proto is wrong.
    const root = mkdtempSync(join(tmpdir(), "proto-deps-"));
    try {
      mkdirSync(join(root, "contracts/tools"), { recursive: true });
      cpSync(script, join(root, "contracts/tools/fetch-proto-deps.mjs"));
      cpSync(join(contractsDir, "package.json"), join(root, "contracts/package.json"));
      symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
      const tampered = structuredClone(pins);
      const npm = tampered.sources.find((source) => source.registry === "npm") as Source;
      npm.files["google/rpc/status.proto"] = "0".repeat(64);
      writeFileSync(join(root, "contracts/proto-deps.json"), JSON.stringify(tampered));
      const run = spawnSync(process.execPath, [join(root, "contracts/tools/fetch-proto-deps.mjs")], { encoding: "utf8" });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.match(/google\/rpc\/status\.proto of google-proto-files: SHA-256 [0-9a-f]{64}, pinned 0{64}/);
      expect(readdirSync(root)).not.to.include(".proto-deps");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
