import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@onlinebooks/testkit";
import { startRecommendationsServer, type RecommendationsServer } from "@onlinebooks/ts-recommendations";
import { expect } from "chai";
import { pino } from "pino";
import { coverageProblems, diffScenario } from "./compare-reports.js";
import { checkExpectation } from "./expectations.js";
import { runExternalRunner } from "./external-runner.js";
import { goBuild } from "./go-build.js";
import type { RunnerReport, Targets } from "./observation.js";
import { GO_RUNNER_MODULE, PYTHON_RUNNER, VENV_PYTHON } from "./paths.js";
import { loadScenarios, SCENARIOS_PATH } from "./scenarios.js";
import { runTsScenarios } from "./ts-runner.js";

const file = loadScenarios();

describe("conformance: the TS, Python and Go clients agree on every scenario against the TS server", function () {
  this.timeout(180_000);
  let server: RecommendationsServer | undefined;
  let work: string;
  let ts: RunnerReport;
  let others: RunnerReport[];

  before(async () => {
    if (!existsSync(VENV_PYTHON)) throw new Error("clients/python/.venv is missing: run `npm run test:polyglot`, which creates it");
    work = mkdtempSync(join(tmpdir(), "conformance-"));
    const goRunner = goBuild(GO_RUNNER_MODULE, work, "conformance-runner");
    const clock = Date.parse(file.clock);
    const logger = pino({ level: "silent" });
    server = await startRecommendationsServer({ host: "127.0.0.1", port: 0, logger, now: () => clock });
    // A port nothing listens on: it refuses connections (the UNAVAILABLE scenario).
    const targets: Targets = { recommendations: server.address, stopped: `127.0.0.1:${await freePort()}` };
    [ts, ...others] = await Promise.all([
      runTsScenarios(file, targets),
      runExternalRunner({ name: "python", command: [VENV_PYTHON, PYTHON_RUNNER], scenariosPath: SCENARIOS_PATH, targets }),
      runExternalRunner({ name: "go", command: [goRunner], scenariosPath: SCENARIOS_PATH, targets }),
    ]);
  });

  after(async () => {
    await server?.shutdown();
    rmSync(work, { recursive: true, force: true });
  });

  it("every runner executed every scenario, and nothing else", () => {
    const problems = [ts, ...others].flatMap((report) => coverageProblems(file.scenarios, report));
    expect(problems, problems.join("\n")).to.deep.equal([]);
    expect(others.map((report) => report.runner)).to.deep.equal(["python", "go"]);
  });

  for (const scenario of file.scenarios) {
    it(`${scenario.id}: ${scenario.title}`, () => {
      const reference = ts.results.find((result) => result.id === scenario.id);
      const failures = scenario.steps.flatMap((step, index) =>
        reference?.steps[index]
          ? checkExpectation(step.expect, reference.steps[index], reference.steps).map((failure) => `step ${index} (${step.call}): ${failure}`)
          : [`step ${index}: the TS runner has no observation`],
      );
      const differences = others.flatMap((report) => diffScenario(scenario, ts, report));
      expect([...failures, ...differences], [...failures, ...differences].join("\n")).to.deep.equal([]);
    });
  }
});
