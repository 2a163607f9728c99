/**
 * Worker-thread entry of {@link runAttackInWorker}: runs one attack with the options it
 * was given and posts the report back. An attack in a thread of its own cannot slow
 * down the event loop of the process that measures the well-behaved client.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runHttp1Attack, type Http1AttackName, type Http1AttackOptions } from "./http1-attacks.js";
import { runHttp2Attack, type Http2AttackName, type Http2AttackOptions } from "./http2-attacks.js";

type Job = { protocol: "http2"; name: Http2AttackName; options: Http2AttackOptions } | { protocol: "http1"; name: Http1AttackName; options: Http1AttackOptions };

const job = workerData as Job;
if (job.protocol === "http1") parentPort?.postMessage(await runHttp1Attack(job.name, job.options));
else {
  // Buffers arrive as plain Uint8Arrays after the structured clone: the TLS options want the CA as a Buffer again.
  const { options } = job;
  const ca = options.target.tls?.ca;
  const target = options.target.tls ? { ...options.target, tls: { ...options.target.tls, ca: ca && Buffer.from(ca) } } : options.target;
  parentPort?.postMessage(await runHttp2Attack(job.name, { ...options, target }));
}
