import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";
import { bufOk, copyModule, repoRoot } from "./workspace.js";

/** Every file under `dir`, as paths relative to it, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("generated client code", () => {
  for (const version of ["v1", "v2"]) {
    it(`is what buf generate makes from the contracts today (recommendations-${version})`, () => {
      const out = copyModule();
      try {
        bufOk(["generate", "--path", `recommendations/${version}`, "-o", out.dir]);
        const fresh = join(out.dir, "src/gen");
        const committed = join(repoRoot, `clients/recommendations-${version}/src/gen`);
        const freshFiles = listFiles(fresh);
        expect(listFiles(committed), "generated files").to.deep.equal(freshFiles);
        for (const file of freshFiles) {
          const stale = readFileSync(join(committed, file), "utf8") !== readFileSync(join(fresh, file), "utf8");
          expect(stale, `${file} is stale: run \`npm run generate\` and commit the result`).to.equal(false);
        }
      } finally {
        out.dispose();
      }
    });
  }
});
