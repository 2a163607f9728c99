/**
 * Prints the functions with the most self time in V8 CPU profiles (`node --cpu-prof`,
 * or `npm run bench -- --profile`): `node bench/dist/profile-top.js <file.cpuprofile>…
 * [--top <n>]`. Self time is summed per function (name, file, line) over all files.
 */
import { readFileSync } from "node:fs";
import { formatTable } from "./table.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time in ms per function of one or more profiles, largest first. */
function selfTimes(profiles: readonly Profile[]): { name: string; ms: number; share: number }[] {
  const totals = new Map<string, number>();
  let all = 0;
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const frame = byId.get(id)?.callFrame;
      const us = profile.timeDeltas[index] ?? 0;
      all += us;
      if (!frame) return;
      const file = frame.url.replace(/^file:\/\/.*?\/node_modules\//, "").replace(/^file:\/\/.*?\/(clients|impl|bench)\//, "$1/");
      const key = `${frame.functionName || "(anonymous)"}  ${file}:${frame.lineNumber + 1}`;
      totals.set(key, (totals.get(key) ?? 0) + us);
    });
  }
  return [...totals]
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / Math.max(1, all) }))
    .sort((a, b) => b.ms - a.ms);
}

if (process.argv[1]?.endsWith("profile-top.js")) {
  const topIndex = process.argv.indexOf("--top");
  const top = topIndex === -1 ? 30 : Number(process.argv[topIndex + 1]);
  const files = process.argv.slice(2).filter((arg, index, args) => arg !== "--top" && args[index - 1] !== "--top");
  const rows = selfTimes(files.map((file) => JSON.parse(readFileSync(file, "utf8")) as Profile)).slice(0, top);
  process.stdout.write(
    `${formatTable(
      [
        { title: "self %", cell: (row: (typeof rows)[number]) => (row.share * 100).toFixed(1), align: "right" },
        { title: "self ms", cell: (row) => row.ms.toFixed(0), align: "right" },
        { title: "function  file:line", cell: (row) => row.name },
      ],
      rows,
    )}\n`,
  );
}
