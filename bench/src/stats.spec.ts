import { expect } from "chai";
import { median, spread } from "./stats.js";

describe("bench statistics", () => {
  it("median of odd and even counts, unsorted input", () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
  });

  it("spread is the range relative to the median", () => {
    expect(spread([90, 100, 110])).to.be.closeTo(0.2, 1e-9);
    expect(spread([5])).to.equal(0);
  });
});
