// `npm start`: runs the Recommendations service and the Marketplace on the embedded
// catalog, prints the homepage URL once the Marketplace is ready, forwards SIGINT and
// SIGTERM to both, and exits when they have exited. It builds nothing itself: the
// script is `npm run build && node scripts/start.mjs`. Both services read their usual
// environment variables (PORT, GRPC_PORT, RECOMMENDATIONS_API, …; see their READMEs).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

const root = fileURLToPath(new URL("..", import.meta.url));
const services = {
  recommendations: "impl/ts-recommendations/dist/main.js",
  marketplace: "impl/ts-marketplace/dist/main.js",
};
const port = process.env.PORT ?? "5000";
const grpcPort = process.env.GRPC_PORT ?? "50051";

const children = new Map();
for (const [name, script] of Object.entries(services)) {
  // Own process groups: a Ctrl-C reaches the services once, through this launcher.
  const env = name === "marketplace" ? { RECOMMENDATIONS_PORT: grpcPort, ...process.env } : process.env;
  const child = spawn(process.execPath, [script], { cwd: root, env, stdio: "inherit", detached: true });
  children.set(name, child);
}

let exitCode = 0;
let firstSignalAt;
const running = () => [...children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
const stopAll = (signal) => running().forEach((child) => child.kill(signal));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    // npm and the terminal may both deliver one Ctrl-C: forward it once; a second one
    // given a second or more later kills whatever is still running.
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      stopAll(signal);
    } else if (Date.now() - firstSignalAt > 1000) {
      stopAll("SIGKILL");
    }
  });
}

const exited = [...children].map(
  ([name, child]) =>
    new Promise((resolve) =>
      child.on("exit", (code, signal) => {
        if (code !== 0 && firstSignalAt === undefined) {
          process.stderr.write(`start: ${name} exited (${signal ?? `code ${code}`}); stopping the other service\n`);
          exitCode = code ?? 1;
        }
        stopAll("SIGTERM");
        resolve();
      }),
    ),
);
process.on("exit", () => stopAll("SIGKILL"));

(async () => {
  const until = Date.now() + 60_000;
  while (Date.now() < until && running().length === children.size) {
    const ready = await fetch(`http://localhost:${port}/readyz`).then((r) => r.ok, () => false);
    if (ready) {
      process.stdout.write(`\nOnline Books For You is running: http://localhost:${port}/  (Ctrl-C stops both services)\n\n`);
      return;
    }
    await sleep(200);
  }
})();

await Promise.all(exited);
process.exit(exitCode);
