import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { diffContract } from "../release/contract-diff.js";
import { changelogProblems, planRelease, uncutProblems, versionProblems, type PlannedPackage } from "../release/release-plan.js";
import { findReleasePackages, goModuleProblems, type Ecosystem, type ReleasePackage } from "../release/release-packages.js";
import { bufOk, copyModule, repoRoot } from "./workspace.js";

const v1 = "recommendations/v1/recommendations.proto";
const v2 = "recommendations/v2/recommendations.proto";

function pkg(ecosystem: Ecosystem, name: string, contracts: string[], version = "1.0.0"): ReleasePackage {
  return { ecosystem, name, version, dir: `clients/${name}`, contracts, changelog: `clients/${name}/CHANGELOG.md` };
}

/** The packages of a release as this repository has them: one npm package per API version, Python and Go carrying all. */
const packages = [
  pkg("npm", "recommendations-v1", ["recommendations/v1"]),
  pkg("npm", "recommendations-v2", ["recommendations/v2"]),
  pkg("npm", "grpc-es", []),
  pkg("pypi", "onlinebooks-recommendations", ["recommendations"]),
  pkg("go", "github.com/onlinebooks/contracts/clients/go", ["recommendations"]),
];
const released = {
  npm: { "recommendations-v1": "1.0.0", "recommendations-v2": "1.0.0", "grpc-es": "1.0.0" },
  pypi: { "onlinebooks-recommendations": "1.0.0" },
  go: { "github.com/onlinebooks/contracts/clients/go": "1.0.0" },
};

/**
 * Plans the release of `versions` (name → version; others stay 1.0.0) after `edit` of a
 * copy of the module, against an image of that copy before the edit: the contract as
 * `released` above had it, whatever has changed in the working tree since the last cut.
 */
function planAfter(edit: (dir: string) => void, versions: Record<string, string> = {}): Map<string, PlannedPackage> {
  const module = copyModule();
  try {
    const releasedImage = join(module.dir, "released/image.binpb");
    bufOk(["build", "-o", releasedImage], module.dir);
    edit(module.dir);
    const diff = diffContract({ contractsDir: module.dir, releasedImage });
    const bumped = packages.map((p) => ({ ...p, version: versions[p.name] ?? p.version }));
    return new Map(planRelease(bumped, released, diff).map((p) => [p.pkg.name, p]));
  } finally {
    module.dispose();
  }
}

function editProto(file: string, edit: (source: string) => string): (dir: string) => void {
  return (dir) => {
    const source = readFileSync(join(dir, file), "utf8");
    const edited = edit(source);
    expect(edited, "the edit must change the file").not.to.equal(source);
    writeFileSync(join(dir, file), edited);
  };
}

const addField = editProto(v2, (s) =>
  s.replace("  string page_token = 4;\n", "  string page_token = 4;\n  // A request id for tracing.\n  string request_id = 6;\n"),
);
const renumberField = editProto(v2, (s) => s.replace("string page_token = 4;", "string page_token = 6;"));

function changes(plan: Map<string, PlannedPackage>): Record<string, string> {
  return Object.fromEntries([...plan].map(([name, p]) => [name, p.change]));
}

function problems(plan: Map<string, PlannedPackage>, name: string, unbumped: "refuse" | "accept" = "refuse"): string[] {
  const planned = plan.get(name);
  if (planned === undefined) throw new Error(`no package ${name}`);
  return versionProblems(planned, unbumped);
}

describe("release plan: versions against the breaking check's verdict since the last cut", function () {
  this.timeout(60_000);

  it("sees no change when the contract is the released one, and accepts every version as it is", () => {
    const plan = planAfter(() => {});
    expect(Object.values(changes(plan))).to.deep.equal(["none", "none", "none", "none", "none"]);
    expect([...plan.values()].flatMap((p) => [...versionProblems(p, "refuse"), ...uncutProblems(p)])).to.deep.equal([]);
  });

  it("asks at least a patch for a comment change, only of the packages that carry the file", () => {
    const plan = planAfter(
      editProto(v2, (s) => s.replace("// Asks for one page of recommendations.", "// Asks for one page of recommendations for one reader.")),
      { "recommendations-v2": "1.0.1", "onlinebooks-recommendations": "1.0.1" },
    );
    expect(changes(plan)).to.include({ "recommendations-v1": "none", "recommendations-v2": "comments", "onlinebooks-recommendations": "comments" });
    expect(problems(plan, "recommendations-v2")).to.deep.equal([]);
    expect(problems(plan, "github.com/onlinebooks/contracts/clients/go")[0]).to.match(/is the released version, but its contract has documentation changes since 1\.0\.0: it must be at least 1\.0\.1/);
  });

  it("refuses a compatible addition released as a patch, and accepts it as a minor", () => {
    const asPatch = planAfter(addField, { "recommendations-v2": "1.0.1" });
    expect(changes(asPatch)["recommendations-v2"]).to.equal("compatible");
    expect(problems(asPatch, "recommendations-v2")[0]).to.match(/recommendations-v2@1\.0\.1 is a patch release, but its contract has compatible additions since 1\.0\.0: it must be at least 1\.1\.0/);
    const asMinor = planAfter(addField, { "recommendations-v2": "1.1.0", "onlinebooks-recommendations": "1.1.0", "github.com/onlinebooks/contracts/clients/go": "1.1.0" });
    expect(["recommendations-v1", "recommendations-v2", "grpc-es", "onlinebooks-recommendations", "github.com/onlinebooks/contracts/clients/go"].flatMap((n) => problems(asMinor, n))).to.deep.equal([]);
  });

  it("refuses a breaking change released as a minor, and accepts it only as a major", () => {
    const asMinor = planAfter(renumberField, { "recommendations-v2": "1.1.0", "onlinebooks-recommendations": "1.1.0" });
    expect(changes(asMinor)).to.include({ "recommendations-v1": "none", "recommendations-v2": "breaking", "onlinebooks-recommendations": "breaking" });
    expect(problems(asMinor, "onlinebooks-recommendations")[0]).to.match(/==1\.1\.0 is a minor release, but its contract has breaking changes \(buf breaking\) since 1\.0\.0: it must be at least 2\.0\.0/);
    expect(problems(asMinor, "recommendations-v2", "accept"), "publishing refuses it too").to.have.length(1);
    const asMajor = planAfter(renumberField, { "recommendations-v2": "2.0.0", "onlinebooks-recommendations": "2.0.0" });
    expect(problems(asMajor, "recommendations-v2")).to.deep.equal([]);
    expect(problems(asMajor, "onlinebooks-recommendations")).to.deep.equal([]);
  });

  it("makes retiring v1 a major release of the packages that carry every version, and nothing for v2's", () => {
    const plan = planAfter((dir) => rmSync(join(dir, "recommendations/v1"), { recursive: true }));
    expect(changes(plan)).to.include({ "recommendations-v2": "none", "onlinebooks-recommendations": "breaking", "github.com/onlinebooks/contracts/clients/go": "breaking" });
    expect(problems(plan, "onlinebooks-recommendations")[0]).to.match(/it must be at least 2\.0\.0/);
  });

  it("refuses a version lower than the released one", () => {
    const plan = planAfter(() => {}, { "grpc-es": "0.9.0" });
    expect(problems(plan, "grpc-es", "accept")).to.deep.equal(["grpc-es@0.9.0 is lower than the released 1.0.0"]);
  });

  it("accepts a version cut before when publishing, but not as a cut release once its contract moved on", () => {
    const plan = planAfter(addField);
    const v2Plan = plan.get("recommendations-v2");
    expect(problems(plan, "recommendations-v2", "accept")).to.deep.equal([]);
    expect(v2Plan && uncutProblems(v2Plan)).to.deep.equal(["recommendations-v2@1.0.0: its contract has compatible additions since the release was cut"]);
  });
});

describe("release packages of this repository", () => {
  const found = findReleasePackages(repoRoot);

  it("are the npm packages, the Python distribution and the Go module", () => {
    expect(found.map((p) => `${p.ecosystem} ${p.name}`)).to.deep.equal([
      "npm @onlinebooks/grpc-es",
      "npm @onlinebooks/recommendations-v1",
      "npm @onlinebooks/recommendations-v2",
      "pypi onlinebooks-recommendations",
      "go github.com/onlinebooks/contracts/clients/go",
    ]);
  });

  it("each have a CHANGELOG whose newest entry is their version", () => {
    expect(found.flatMap((p) => changelogProblems(p, repoRoot))).to.deep.equal([]);
  });

  it("show installing the Python and Go packages by name at their current version in their READMEs", () => {
    const install = (p: ReleasePackage) => (p.ecosystem === "pypi" ? `pip install ${p.name}==${p.version}` : `go get ${p.name}@v${p.version}`);
    for (const p of found.filter((f) => f.ecosystem !== "npm")) {
      expect(readFileSync(join(repoRoot, p.dir, "README.md"), "utf8"), p.dir).to.contain(install(p));
    }
  });

  it("include a Go module without replace directives, at a path that fits its major version", () => {
    const go = found.filter((p) => p.ecosystem === "go");
    expect(go.flatMap((p) => goModuleProblems(p, repoRoot))).to.deep.equal([]);
    expect(goModuleProblems({ ...go[0]!, version: "2.0.0" }, repoRoot)[0]).to.match(/needs a path ending in \/v2/);
  });
});
