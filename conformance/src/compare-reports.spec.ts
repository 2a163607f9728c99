import { expect } from "chai";
import { coverageProblems, diffScenario } from "./compare-reports.js";
import type { RunnerReport } from "./observation.js";
import type { Scenario } from "./scenarios.js";

const scenario: Scenario = {
  id: "s",
  title: "one call",
  steps: [
    { call: "v1.Recommend", request: {}, expect: { status: "OK" } },
    { call: "v2.Recommend", request: {}, compare: "status", expect: { status: "UNAVAILABLE" } },
  ],
};
const ts: RunnerReport = {
  runner: "ts",
  results: [
    {
      id: "s",
      steps: [
        { status: "OK", response: { recommendations: [{ id: 1, title: "The Maltese Falcon" }] } },
        { status: "UNAVAILABLE", details: "No connection established" },
      ],
    },
  ],
};

describe("conformance: comparing runners fails loudly", () => {
  it("reports a runner whose answer differs from the TS runner's", () => {
    const go: RunnerReport = {
      runner: "go",
      results: [{ id: "s", steps: [{ status: "OK", response: { recommendations: [{ id: 1, title: "The Maltese falcon" }] } }, { status: "UNAVAILABLE", details: "x" }] }],
    };
    const differences = diffScenario(scenario, ts, go);
    expect(differences).to.have.length(1);
    expect(differences[0]).to.contain("step 0").and.contain("Maltese falcon");
  });

  it("accepts different details where the step compares the status only", () => {
    const python: RunnerReport = { runner: "python", results: [{ id: "s", steps: [ts.results[0]!.steps[0]!, { status: "UNAVAILABLE", details: "failed to connect" }] }] };
    expect(diffScenario(scenario, ts, python)).to.deep.equal([]);
  });

  it("still compares a stream's answers where the step compares the status only", () => {
    const cancelled: Scenario = { id: "c", title: "a cancelled stream", steps: [{ call: "v2.BatchRecommend", request: {}, compare: "status", expect: { status: "CANCELLED" } }] };
    const reference: RunnerReport = { runner: "ts", results: [{ id: "c", steps: [{ status: "CANCELLED", details: "Cancelled on client", responses: [{ requestId: "1" }] }] }] };
    const sameAnswers: RunnerReport = { runner: "go", results: [{ id: "c", steps: [{ status: "CANCELLED", details: "context canceled", responses: [{ requestId: "1" }] }] }] };
    const fewerAnswers: RunnerReport = { runner: "go", results: [{ id: "c", steps: [{ status: "CANCELLED", details: "context canceled", responses: [] }] }] };
    expect(diffScenario(cancelled, reference, sameAnswers)).to.deep.equal([]);
    expect(diffScenario(cancelled, reference, fewerAnswers)[0]).to.contain("step 0");
  });

  it("reports a runner that executed zero scenarios, skipped one or skipped steps", () => {
    expect(coverageProblems([scenario], { runner: "go", results: [] })).to.deep.equal(["go executed zero scenarios", "go did not run: s"]);
    expect(diffScenario(scenario, ts, { runner: "go", results: [{ id: "s", steps: [] }] })[0]).to.contain("ran 0 of the 2 steps");
  });
});
