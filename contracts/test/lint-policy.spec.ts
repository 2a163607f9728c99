import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { buf, contractsDir } from "./workspace.js";

const read = (path: string) => readFileSync(join(contractsDir, path), "utf8");

describe("contract lint policy", () => {
  it("lints clean under STANDARD and is formatted with buf format", () => {
    expect(buf(["lint"])).to.deep.equal({ status: 0, output: "" });
    expect(buf(["format", "--diff", "--exit-code"])).to.deep.equal({ status: 0, output: "" });
  });

  it("disables no rule for the whole module", () => {
    const config = read("buf.yaml");
    expect(config).to.match(/use:\n\s+- STANDARD/);
    expect(config).not.to.match(/^\s*(except|ignore|ignore_only):/m);
  });

  it("gives every v1 lint ignore a reason on the following comment line", () => {
    const lines = read("recommendations/v1/recommendations.proto").split("\n");
    const ignores = lines.flatMap((line, index) => (line.includes("buf:lint:ignore") ? [index] : []));
    expect(ignores).not.to.be.empty;
    for (const index of ignores) {
      let next = index + 1;
      while (lines[next]?.includes("buf:lint:ignore")) next++;
      expect(lines[next], `reason after line ${index + 1}`).to.match(/^\s*\/\/ \S.{20,}/);
    }
  });

  it("keeps v2 free of lint ignores", () => {
    expect(read("recommendations/v2/recommendations.proto")).not.to.contain("buf:lint:ignore");
  });
});
