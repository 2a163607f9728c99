import { expect } from "chai";
import { createPermutation } from "./permutation.js";

const key = (...words: number[]): Uint32Array => Uint32Array.from(words);

describe("createPermutation", () => {
  it("is a bijection of 0..size-1 for every size from 1 to 300 and for 100 000", () => {
    for (const size of [...Array.from({ length: 300 }, (_, n) => n + 1), 100_000]) {
      const permutation = createPermutation(size, key(size, 7, 11, 13));
      const seen = new Uint8Array(size);
      for (let position = 0; position < size; position += 1) seen[permutation.at(position)] = 1;
      expect(seen.every((hit) => hit === 1), `size ${size}`).to.equal(true);
    }
  });

  it("gives the same order for the same key and another order for another key", () => {
    const order = (words: Uint32Array): number[] => {
      const permutation = createPermutation(1000, words);
      return Array.from({ length: 20 }, (_, position) => permutation.at(position));
    };
    expect(order(key(1, 2, 3, 4))).to.deep.equal(order(key(1, 2, 3, 4)));
    expect(order(key(1, 2, 3, 4))).to.not.deep.equal(order(key(1, 2, 3, 5)));
  });

  it("does not keep the identity order", () => {
    const permutation = createPermutation(1000, key(9, 9, 9, 9));
    const fixed = Array.from({ length: 1000 }, (_, position) => permutation.at(position)).filter((value, position) => value === position);
    expect(fixed.length).to.be.below(20);
  });

  it("refuses positions outside the range", () => {
    expect(() => createPermutation(3, key(1, 2, 3, 4)).at(3)).to.throw(RangeError);
    expect(() => createPermutation(0, key(1, 2, 3, 4)).at(0)).to.throw(RangeError);
  });
});
