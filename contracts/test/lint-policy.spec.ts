import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { buf, contractsDir, copyModule } from "./workspace.js";

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

  it("checks the buf.validate rules themselves (PROTOVALIDATE): a rule that does not fit its field fails", () => {
    const module = copyModule();
    try {
      const path = join(module.dir, "recommendations/v1/recommendations.proto");
      const source = readFileSync(path, "utf8");
      const broken = source.replace("(buf.validate.field).int32.gte = 0", "(buf.validate.field).string.min_len = 1");
      expect(broken).not.to.equal(source);
      writeFileSync(path, broken);
      const result = buf(["lint", module.dir]);
      expect(result.status).not.to.equal(0);
      expect(result.output).to.match(/Field "max_results" is of type int32 but has \(buf\.validate\.field\)\.string rules/);
    } finally {
      module.dispose();
    }
  });

  it("keeps v2 free of lint ignores", () => {
    expect(read("recommendations/v2/recommendations.proto")).not.to.contain("buf:lint:ignore");
  });
});
