import { expect } from "chai";
import { renderRatioChart } from "./svg-chart.js";

describe("bench SVG chart", () => {
  it("draws one labelled bar per case, coloured by target, with escaped labels", () => {
    const svg = renderRatioChart("Bench <run>", [
      { label: "v2 Recommend", ratio: 0.9, target: 0.8, met: true },
      { label: "homepage <v1>", ratio: 0.4, target: 0.6, met: false },
      { label: "reference", ratio: 1 },
    ]);
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).to.equal(true);
    expect(svg).to.include("Bench &lt;run&gt;").and.include("homepage &lt;v1&gt;");
    expect(svg).to.include("0.90×").and.include("0.40×").and.include("1.00×");
    expect(svg.match(/fill="#2e7d32"/g)).to.have.length(1);
    expect(svg.match(/fill="#c62828"/g)).to.have.length(1);
    expect(svg.match(/stroke-width="3"/g)).to.have.length(2);
  });
});
