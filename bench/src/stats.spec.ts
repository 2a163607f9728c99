import { expect } from "chai";
import { median, quantile, spread } from "./stats.js";

describe("bench statistics", () => {
  it("quantile uses the nearest rank, so p99 of 100 values is the 99th", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).to.equal(50);
    expect(quantile(values, 0.99)).to.equal(99);
    expect(quantile(values, 1)).to.equal(100);
    expect(quantile([7], 0.99)).to.equal(7);
    expect(quantile([], 0.5)).to.be.NaN;
  });

  it("median of odd and even counts, unsorted input", () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
  });

  it("spread is the range relative to the median", () => {
    expect(spread([90, 100, 110])).to.be.closeTo(0.2, 1e-9);
    expect(spread([5])).to.equal(0);
  });
});
