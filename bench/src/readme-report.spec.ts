import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { BenchRow } from "./bench-row.js";
import { updateReadme } from "./readme-report.js";

describe("README update", () => {
  it("writes the run's context, chart link and table between the markers, and the chart file", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-readme-"));
    try {
      const readme = join(dir, "README.md");
      const chart = join(dir, "performance.svg");
      writeFileSync(readme, "# Shop\n\n## Performance\n\n<!-- bench-latest:start -->\nold\n<!-- bench-latest:end -->\n\n## Next\n");
      const rows: BenchRow[] = [
        { group: "rpc", name: "bare grpc-js reference (h2load)", value: 20000, unit: "calls/s", ratio: 1 },
        { group: "rpc", name: "v2 Recommend (h2load)", value: 9000, unit: "calls/s", ratio: 0.45, target: { text: "≥ 0.8× reference", met: false, ratio: 0.8 } },
      ];
      updateReadme(readme, chart, "bench/performance.svg", rows, {
        settings: { rounds: 3, warmupS: 1, durationS: 3 },
        startedAt: new Date("2026-11-21T22:00:00Z"),
        machine: { cpus: 2, cpu: "Test CPU", node: "v20.20.2", loadAverageAtStart: [0.5, 0.4, 0.3] },
        elapsedS: 205,
      });
      const text = readFileSync(readme, "utf8");
      expect(text).to.match(/^# Shop\n\n## Performance\n\n<!-- bench-latest:start -->\nLatest run: 2026-11-21 22:00 UTC, 2 CPUs \(Test CPU\), Node 20\.20\.2, load average 0\.5 at the start, 3 rounds × \(1 s warm-up \+ 3 s\) per case, 3 min 25 s in all\./);
      expect(text).to.contain("![Ratio of every case to its reference limit, with the targets](bench/performance.svg)");
      expect(text).to.match(/\| rpc +\| v2 Recommend \(h2load\) +\| +9,000 calls\/s \|.*0\.45× \|.*≥ 0\.8× reference ❌ missed/);
      expect(text).not.to.contain("old");
      expect(text).to.match(/<!-- bench-latest:end -->\n\n## Next\n$/);
      expect(readFileSync(chart, "utf8")).to.match(/^<svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
