import { expect } from "chai";
import { parseWrkReport, wrkDurationMs } from "./wrk-load.js";

/** A report as Debian's wrk 4.1 prints it with `--latency`. */
const REPORT = `Running 3s test @ http://127.0.0.1:5551/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.10ms    3.02ms  41.20ms   89.51%
    Req/Sec     1.65k   120.33     1.83k    73.33%
  Latency Distribution
     50%  812.00us
     75%    6.81ms
     90%    8.70ms
     99%    1.02s
  4931 requests in 3.00s, 19.87MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   1642.81
Transfer/sec:      6.62MB
`;

describe("wrk's report", () => {
  it("gives throughput, p50/p99 in ms and every error (socket errors and non-2xx answers)", () => {
    expect(parseWrkReport(REPORT)).to.deep.equal({ rps: 1642.81, p50Ms: 0.812, p99Ms: 1020, errors: 7 });
  });

  it("reads durations in µs, ms, s and minutes, and nothing else", () => {
    expect([wrkDurationMs("812.00us"), wrkDurationMs("6.81ms"), wrkDurationMs("2s"), wrkDurationMs("1.5m")]).to.deep.equal([0.812, 6.81, 2000, 90_000]);
    expect(wrkDurationMs("fast")).to.be.NaN;
  });

  it("refuses output without a summary, quoting it", () => {
    expect(() => parseWrkReport("unable to connect to 127.0.0.1:1 Connection refused")).to.throw(/Connection refused/);
  });
});
