import { expect } from "chai";
import { createLogSink } from "./log-sink.js";

describe("createLogSink", () => {
  it("parses each JSON line written, also when one is split across writes", () => {
    const sink = createLogSink();
    sink.stream.write('{"level":30,"msg":"one"}\n{"level":50,');
    expect(sink.lines).to.deep.equal([{ level: 30, msg: "one" }]);
    sink.stream.write('"msg":"two"}\n');
    expect(sink.lines).to.deep.equal([
      { level: 30, msg: "one" },
      { level: 50, msg: "two" },
    ]);
  });
});
