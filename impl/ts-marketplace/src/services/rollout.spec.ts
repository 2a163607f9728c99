import { expect } from "chai";
import { createRollout, rolloutBucket } from "./rollout.js";

const readers = Array.from({ length: 10_000 }, (_, i) => i + 1);

describe("createRollout", () => {
  it("serves everyone from one version in v1 and v2 mode", () => {
    for (const mode of ["v1", "v2"] as const) {
      const rollout = createRollout({ mode, v2Percent: 50 });
      expect(new Set(readers.map((id) => rollout.decide(id).primary))).to.deep.equal(new Set([mode]));
      expect(rollout.decide(7).shadow).to.equal(undefined);
    }
  });

  it("in split mode sends about RECOMMENDATIONS_V2_PERCENT of readers to v2", () => {
    for (const percent of [10, 50, 90]) {
      const rollout = createRollout({ mode: "split", v2Percent: percent });
      const onV2 = readers.filter((id) => rollout.decide(id).primary === "v2").length;
      expect(onV2 / readers.length).to.be.closeTo(percent / 100, 0.03);
    }
  });

  it("in split mode keeps every reader on the same version, also across instances", () => {
    const a = createRollout({ mode: "split", v2Percent: 30 });
    const b = createRollout({ mode: "split", v2Percent: 30 });
    for (const id of readers.slice(0, 500)) expect(a.decide(id)).to.deep.equal(b.decide(id));
  });

  it("moves readers only towards v2 when the percentage grows", () => {
    const low = createRollout({ mode: "split", v2Percent: 20 });
    const high = createRollout({ mode: "split", v2Percent: 60 });
    for (const id of readers) if (low.decide(id).primary === "v2") expect(high.decide(id).primary).to.equal("v2");
  });

  it("at 0 and 100 percent serves everyone from v1 and v2", () => {
    expect(readers.every((id) => createRollout({ mode: "split", v2Percent: 0 }).decide(id).primary === "v1")).to.equal(true);
    expect(readers.every((id) => createRollout({ mode: "split", v2Percent: 100 }).decide(id).primary === "v2")).to.equal(true);
  });

  it("in shadow mode serves one version and shadows the other", () => {
    const rollout = createRollout({ mode: "shadow", v2Percent: 0 });
    expect(rollout.decide(1)).to.deep.equal({ primary: "v1", shadow: "v2" });
    expect(createRollout({ mode: "shadow", v2Percent: 100 }).decide(1)).to.deep.equal({ primary: "v2", shadow: "v1" });
  });

  it("refuses a percentage outside 0–100", () => {
    expect(() => createRollout({ mode: "split", v2Percent: 101 })).to.throw(RangeError);
  });

  it("buckets readers into 0–99", () => {
    const buckets = new Set(readers.map(rolloutBucket));
    expect(Math.min(...buckets)).to.equal(0);
    expect(Math.max(...buckets)).to.equal(99);
  });
});
