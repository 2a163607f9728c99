import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { bufOk, listFiles, protoDepsDir, repoRoot } from "./workspace.js";

/** Generates with `args` into a temporary directory and compares its `src/gen` with the committed one of `pkg`. */
function expectFresh(args: string[], pkg: string): void {
  const out = mkdtempSync(join(tmpdir(), "generate-"));
  try {
    bufOk([...args, "-o", out]);
    const fresh = join(out, "src/gen");
    const committed = join(repoRoot, pkg, "src/gen");
    const freshFiles = listFiles(fresh);
    expect(listFiles(committed), "generated files").to.deep.equal(freshFiles);
    for (const file of freshFiles) {
      const stale = readFileSync(join(committed, file), "utf8") !== readFileSync(join(fresh, file), "utf8");
      expect(stale, `${file} is stale: run \`npm run generate\` and commit the result`).to.equal(false);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe("generated client code", () => {
  for (const version of ["v1", "v2"]) {
    it(`is what buf generate makes from the contracts today (recommendations-${version})`, () => {
      expectFresh(["generate", "--path", `recommendations/${version}`], `clients/recommendations-${version}`);
    });
  }

  it("is what buf generate makes of the pinned google.rpc protos (grpc-es)", () => {
    const rpc = join(protoDepsDir, "google/rpc");
    expectFresh(["generate", protoDepsDir, "--path", join(rpc, "status.proto"), "--path", join(rpc, "error_details.proto")], "clients/grpc-es");
  });
});
