/**
 * `npm run bench`: runs every benchmark — RPC (h2load and the TS clients), one
 * BatchRecommend stream against unary calls,
 * homepage (autocannon), recommend cost by catalog size, cold start, RSS, the cost of
 * tracing — each with its reference limit in the same run; prints one table and writes
 * JSON, an SVG chart and the table under `bench/results/`. Not a test: it asserts nothing.
 *
 * Options: `--only rpc,batch,homepage,catalog,start-up,tracing` (default all), `--rounds <n>`
 * (default 3), `--duration <s>` (measured seconds per run, default 3), `--warmup <s>`
 * (default 1), `--profile` (services run with `--cpu-prof`, profiles in
 * `bench/results/profiles/`), `--readme` (a full run also rewrites the table and chart
 * of the README's Performance section).
 */
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { batchSuite } from "./batch-suite.js";
import type { BenchRow } from "./bench-row.js";
import { catalogSuite } from "./catalog-suite.js";
import { numberOption, option } from "./cli-options.js";
import { homepageSuite } from "./homepage-suite.js";
import { updateReadme } from "./readme-report.js";
import { formatReport, writeReport } from "./report.js";
import { rpcSuite } from "./rpc-suite.js";
import { serviceNodeOptions } from "./services.js";
import type { BenchSettings } from "./settings.js";
import { startupSuite } from "./startup-suite.js";
import { tracingSuite } from "./tracing-suite.js";

const RESULTS = fileURLToPath(new URL("../results/", import.meta.url));
const README = fileURLToPath(new URL("../../README.md", import.meta.url));
const CHART = fileURLToPath(new URL("../performance.svg", import.meta.url));
const SUITES = {
  rpc: rpcSuite,
  batch: batchSuite,
  homepage: homepageSuite,
  catalog: catalogSuite,
  "start-up": () => startupSuite(),
  tracing: tracingSuite,
} as const;
type SuiteName = keyof typeof SUITES;

async function main(): Promise<void> {
  const settings: BenchSettings = {
    rounds: numberOption("rounds", 3, 1, 20),
    durationS: numberOption("duration", 3, 1, 60),
    warmupS: numberOption("warmup", 1, 0, 30),
  };
  const only = (option("only") ?? Object.keys(SUITES).join(",")).split(",");
  for (const name of only) if (!(name in SUITES)) throw new Error(`--only: unknown suite ${name} (known: ${Object.keys(SUITES).join(", ")})`);
  const readme = process.argv.includes("--readme");
  if (readme && only.length !== Object.keys(SUITES).length) throw new Error("--readme needs a full run: leave out --only");
  if (process.argv.includes("--profile")) serviceNodeOptions.push("--cpu-prof", `--cpu-prof-dir=${join(RESULTS, "profiles")}`);
  const startedAt = new Date();
  const machine = { cpus: availableParallelism(), cpu: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadavg().map((load) => Number(load.toFixed(2))) };
  process.stderr.write(
    `bench: ${only.join(", ")}; ${settings.rounds} rounds × (${settings.warmupS} s warm-up + ${settings.durationS} s); ` +
      `${machine.cpus} CPUs, load average ${machine.loadAverageAtStart.join(" ")}\n`,
  );
  const rows: BenchRow[] = [];
  const runStarted = performance.now();
  for (const name of only as SuiteName[]) {
    const started = performance.now();
    rows.push(...(await SUITES[name](settings)));
    process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  process.stdout.write(`${formatReport(rows)}\n`);
  const written = writeReport(RESULTS, rows, { settings, startedAt, machine });
  process.stderr.write(`bench: wrote ${written.json}, ${written.svg} and ${written.markdown}\n`);
  if (readme) {
    updateReadme(README, CHART, "bench/performance.svg", rows, { settings, startedAt, machine, elapsedS: (performance.now() - runStarted) / 1000 });
    process.stderr.write(`bench: updated the Performance section of ${README} and ${CHART}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
