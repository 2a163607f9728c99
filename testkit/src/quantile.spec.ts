import { expect } from "chai";
import { quantile } from "./quantile.js";

describe("quantile", () => {
  it("takes the nearest rank", () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(oneToHundred, 0.5)).to.equal(50);
    expect(quantile(oneToHundred, 0.99)).to.equal(99);
    expect(quantile(oneToHundred, 1)).to.equal(100);
    expect(quantile(oneToHundred, 0)).to.equal(1);
    expect(quantile(Float64Array.of(1, 2, 3), 0.5)).to.equal(2);
    expect(quantile([7], 0.99)).to.equal(7);
  });

  it("is NaN without values", () => {
    expect(quantile([], 0.5)).to.be.NaN;
  });
});
