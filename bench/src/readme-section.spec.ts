import { expect } from "chai";
import { replaceSection } from "./readme-section.js";

describe("README section", () => {
  const readme = ["# Title", "", "<!-- bench:start -->", "old table", "<!-- bench:end -->", "", "after"].join("\n");

  it("replaces only what lies between the markers", () => {
    expect(replaceSection(readme, "bench", "| new |\n")).to.equal(["# Title", "", "<!-- bench:start -->", "| new |", "<!-- bench:end -->", "", "after"].join("\n"));
  });

  it("refuses a file without exactly one pair of markers in order", () => {
    for (const text of ["no markers", "<!-- bench:end -->\n<!-- bench:start -->", `${readme}\n${readme}`]) {
      expect(() => replaceSection(text, "bench", "x")).to.throw(/exactly one "<!-- bench:start -->"/);
    }
  });
});
