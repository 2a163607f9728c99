import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { buf, copyModule, releasedImage } from "./workspace.js";

/** Applies `edit` to one proto of a copy of the module and runs the breaking check on it. */
function breakingAfter(file: string, edit: (source: string) => string) {
  const module = copyModule();
  try {
    const path = join(module.dir, file);
    const source = readFileSync(path, "utf8");
    const edited = edit(source);
    expect(edited, "the edit must change the file").not.to.equal(source);
    writeFileSync(path, edited);
    return buf(["breaking", module.dir, "--against", releasedImage]);
  } finally {
    module.dispose();
  }
}

const v1 = "recommendations/v1/recommendations.proto";
const v2 = "recommendations/v2/recommendations.proto";

describe("breaking-change guard (buf breaking, FILE, against the released image)", () => {
  it("passes for the contracts as they are", () => {
    const result = buf(["breaking", "--against", releasedImage]);
    expect(result.output).to.equal("");
    expect(result.status).to.equal(0);
  });

  it("fails when a v1 field is renumbered", () => {
    const result = breakingAfter(v1, (s) => s.replace("int32 max_results = 3 [", "int32 max_results = 4 ["));
    expect(result.status).not.to.equal(0);
    expect(result.output).to.match(/Previously present field "3" with name "max_results"/);
  });

  it("fails when an RPC is removed", () => {
    const result = breakingAfter(v2, (s) =>
      s.replace(/\n  \/\/ Lists every category[^]*?rpc ListCategories\(ListCategoriesRequest\) returns \(ListCategoriesResponse\);/, ""),
    );
    expect(result.status).not.to.equal(0);
    expect(result.output).to.match(/Previously present RPC "ListCategories" on service "RecommendationService" was deleted/);
  });

  it("fails when a v1 enum value is renamed", () => {
    const result = breakingAfter(v1, (s) => s.replace("SELF_HELP = 2;", "PERSONAL_GROWTH = 2;"));
    expect(result.status).not.to.equal(0);
    expect(result.output).to.match(/SELF_HELP/);
  });

  it("passes when a field is added", () => {
    const result = breakingAfter(v2, (s) =>
      s.replace(
        "  string page_token = 4;\n",
        "  string page_token = 4;\n  // A request id for tracing.\n  string request_id = 6;\n",
      ),
    );
    expect(result.output).to.equal("");
    expect(result.status).to.equal(0);
  });
});
