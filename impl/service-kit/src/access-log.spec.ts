import { createLogSink } from "@onlinebooks/testkit";
import { expect } from "chai";
import { pino } from "pino";
import { createAccessLog, type Outcome } from "./access-log.js";

/** Writes one line per call the policy lets through and returns the lines' levels and messages. */
function logged(level: string, calls: ReadonlyArray<[Outcome, number]>): Array<{ level: number; msg: string }> {
  const sink = createLogSink();
  const logger = pino({ level }, sink.stream);
  const access = createAccessLog({ logger, slowMs: 250 });
  for (const [outcome, durationMs] of calls) {
    const lineLevel = access.levelOf(outcome, durationMs);
    if (lineLevel !== undefined) logger[lineLevel]({ durationMs }, `${outcome} ${durationMs}`);
  }
  return sink.lines.map((line) => ({ level: line["level"] as number, msg: line["msg"] as string }));
}

const CALLS: ReadonlyArray<[Outcome, number]> = [
  ["ok", 3],
  ["ok", 250],
  ["failed", 2],
  ["fault", 1],
];

describe("createAccessLog", () => {
  it("at info, logs failures, faults and slow successes, but not fast successes", () => {
    expect(logged("info", CALLS)).to.deep.equal([
      { level: 30, msg: "ok 250" },
      { level: 30, msg: "failed 2" },
      { level: 50, msg: "fault 1" },
    ]);
  });

  it("at debug, logs every call, fast successes at debug", () => {
    expect(logged("debug", CALLS).map((line) => line.level)).to.deep.equal([20, 30, 30, 50]);
  });

  it("at warn, logs only faults", () => {
    expect(logged("warn", CALLS).map((line) => line.msg)).to.deep.equal(["fault 1"]);
  });
});
