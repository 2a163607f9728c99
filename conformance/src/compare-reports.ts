import { isDeepStrictEqual } from "node:util";
import type { Observation, RunnerReport } from "./observation.js";
import type { Scenario } from "./scenarios.js";

/**
 * The part of an observation that must be identical across runners for a step: all of
 * it, or with `"status"` its status and a stream's answers (not the error's details).
 */
function comparable(observation: Observation | undefined, compare: "status" | undefined): unknown {
  if (observation === undefined) return undefined;
  if (compare !== "status") return observation;
  return { status: observation.status, ...(observation.responses === undefined ? {} : { responses: observation.responses }) };
}

/**
 * Compares one scenario's observations in `report` with the reference runner's, step
 * by step. Returns the differences, each naming the step and both observations;
 * empty when the runner saw exactly what the reference saw.
 */
export function diffScenario(scenario: Scenario, reference: RunnerReport, report: RunnerReport): string[] {
  const expected = reference.results.find((result) => result.id === scenario.id);
  const actual = report.results.find((result) => result.id === scenario.id);
  if (!expected) return [`${reference.runner} did not run scenario ${scenario.id}`];
  if (!actual) return [`${report.runner} did not run scenario ${scenario.id}`];
  if (actual.steps.length !== scenario.steps.length) {
    return [`${report.runner} ran ${actual.steps.length} of the ${scenario.steps.length} steps of ${scenario.id}`];
  }
  return scenario.steps.flatMap((step, index) => {
    const mine = comparable(actual.steps[index], step.compare);
    const theirs = comparable(expected.steps[index], step.compare);
    return isDeepStrictEqual(mine, theirs)
      ? []
      : [`step ${index} (${step.call}): ${report.runner} saw ${JSON.stringify(mine)}, ${reference.runner} saw ${JSON.stringify(theirs)}`];
  });
}

/**
 * The scenarios a report lacks or has in excess of the scenario list: a runner that
 * executed nothing, or skipped or invented scenarios, must fail the suite loudly.
 */
export function coverageProblems(scenarios: readonly Scenario[], report: RunnerReport): string[] {
  const wanted = scenarios.map((scenario) => scenario.id);
  const ran = report.results.map((result) => result.id);
  const problems: string[] = [];
  if (ran.length === 0) problems.push(`${report.runner} executed zero scenarios`);
  const missing = wanted.filter((id) => !ran.includes(id));
  const extra = ran.filter((id) => !wanted.includes(id));
  if (missing.length > 0) problems.push(`${report.runner} did not run: ${missing.join(", ")}`);
  if (extra.length > 0) problems.push(`${report.runner} ran unknown scenarios: ${extra.join(", ")}`);
  return problems;
}
