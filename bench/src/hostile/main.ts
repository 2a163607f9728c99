/**
 * `npm run attack`: the figures behind the hostile-client specs. Every HTTP/2 attack
 * against the Recommendations service (plaintext and TLS) and every HTTP/1.1 attack
 * against the marketplace, each on a fresh process while a well-behaved client keeps
 * calling; then each service at three times its measured capacity. Prints the tables
 * and writes them, with every figure as JSON, under `bench/results/`. Not a test: it
 * asserts nothing.
 *
 * Options: `--only attacks,overload` (default both), `--duration <s>` (per attack,
 * default 10), `--overload <s>` (default 20), `--readme` (a full run also rewrites the
 * figures in both services' README reliability sections).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { numberOption, option } from "../cli-options.js";
import { runAttacks, type AttackRow } from "./attack-runs.js";
import { attackTable, overloadTable, updateReadmeFigures } from "./hostile-report.js";
import { marketplaceOverload, recommendationsOverload, type OverloadRow } from "./overload-runs.js";

const RESULTS = fileURLToPath(new URL("../../results/", import.meta.url));
const READMES = {
  recommendations: fileURLToPath(new URL("../../../impl/ts-recommendations/README.md", import.meta.url)),
  marketplace: fileURLToPath(new URL("../../../impl/ts-marketplace/README.md", import.meta.url)),
};

async function main(): Promise<void> {
  const only = (option("only") ?? "attacks,overload").split(",");
  for (const part of only) if (part !== "attacks" && part !== "overload") throw new Error(`--only: unknown part ${part} (known: attacks, overload)`);
  const readme = process.argv.includes("--readme");
  if (readme && only.length !== 2) throw new Error("--readme needs a full run: leave out --only");
  const attackSeconds = numberOption("duration", 10, 1, 600);
  const overloadSeconds = numberOption("overload", 20, 1, 600);
  const startedAt = new Date();
  const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(2)} at the start`;
  const progress = (line: string): void => void process.stderr.write(`attack: ${line}\n`);
  progress(`${only.join(" and ")} on ${machine}`);

  const attacks: AttackRow[] = only.includes("attacks") ? await runAttacks(attackSeconds * 1000, progress) : [];
  const overload: OverloadRow[] = [];
  if (only.includes("overload")) {
    for (const run of [recommendationsOverload, marketplaceOverload]) {
      const row = await run(overloadSeconds);
      overload.push(row);
      progress(`${row.service} at 3× capacity: served p99 ${row.during.p99Ms.toFixed(1)} ms (unloaded ${row.unloaded.p99Ms.toFixed(1)} ms)`);
    }
  }

  const tables = [attacks.length > 0 ? attackTable(attacks) : "", overload.length > 0 ? overloadTable(overload) : ""].filter(Boolean).join("\n\n");
  process.stdout.write(`${tables}\n`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "hostile-latest.md"), `${tables}\n`);
  writeFileSync(join(RESULTS, "hostile-latest.json"), `${JSON.stringify({ startedAt, machine, attackSeconds, overloadSeconds, attacks, overload }, null, 2)}\n`);
  if (readme) {
    for (const [service, path] of Object.entries(READMES)) updateReadmeFigures(path, service, attacks, overload, { startedAt, machine, attackSeconds });
    progress(`updated the figures in ${Object.values(READMES).join(" and ")}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`attack failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
