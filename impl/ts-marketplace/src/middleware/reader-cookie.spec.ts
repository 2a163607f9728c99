import { expect } from "chai";
import { parseReaderId } from "./reader-cookie.js";

describe("parseReaderId", () => {
  it("accepts positive int32 ids in plain decimal", () => {
    expect(parseReaderId("1")).to.equal(1);
    expect(parseReaderId("2147483647")).to.equal(2_147_483_647);
  });

  for (const forged of [undefined, "", "0", "-5", "007", "2147483648", "99999999999", "1e9", "12abc", " 12", "<b>", "9".repeat(5000)]) {
    it(`rejects ${JSON.stringify(forged?.slice(0, 20))}`, () => {
      expect(parseReaderId(forged)).to.equal(undefined);
    });
  }
});
