import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "chai";
import { runClosedLoopLoad } from "./closed-loop-load.js";

describe("runClosedLoopLoad", () => {
  it("keeps `concurrency` calls in flight, counts failures apart and stops when the duration is over", async () => {
    let inFlight = 0;
    let peak = 0;
    let callsMade = 0;
    const result = await runClosedLoopLoad(
      async (n) => {
        callsMade += 1;
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await sleep(2);
        inFlight -= 1;
        if (n % 4 === 0) throw new Error("every fourth call fails");
      },
      { concurrency: 3, warmupMs: 50, durationMs: 200 },
    );
    expect(peak).to.equal(3);
    expect(result.calls).to.be.greaterThan(0);
    expect(result.errors).to.be.greaterThan(0);
    expect(result.calls).to.equal(result.latenciesMs.length);
    expect(result.callsPerSecond).to.be.closeTo(result.calls / result.elapsedS, 1e-9);
    expect([...result.latenciesMs]).to.deep.equal([...result.latenciesMs].sort((a, b) => a - b));
    expect(result.p50Ms).to.be.at.most(result.p99Ms);
    expect(inFlight, "every call finished when it resolves").to.equal(0);
    const madeWhenDone = callsMade;
    await sleep(30);
    expect(callsMade, "no call started after it resolved").to.equal(madeWhenDone);
  });

  it("reports NaN percentiles when no call succeeded", async () => {
    const result = await runClosedLoopLoad(() => Promise.reject(new Error("down")), { concurrency: 1, warmupMs: 0, durationMs: 20 });
    expect(result.calls).to.equal(0);
    expect(result.errors).to.be.greaterThan(0);
    expect(result.p50Ms).to.be.NaN;
  });
});
