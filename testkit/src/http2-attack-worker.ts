/**
 * Worker-thread entry of {@link runHttp2AttackInWorker}: runs one attack with the
 * options it was given and posts the report back. An attack in a thread of its own
 * cannot slow down the event loop of the process that measures the well-behaved client.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runHttp2Attack, type Http2AttackName, type Http2AttackOptions } from "./http2-attacks.js";

const { name, options } = workerData as { name: Http2AttackName; options: Http2AttackOptions };
// Buffers arrive as plain Uint8Arrays after the structured clone.
const ca = options.target.tls?.ca;
const target = options.target.tls ? { ...options.target, tls: { ...options.target.tls, ca: ca && Buffer.from(ca) } } : options.target;
const report = await runHttp2Attack(name, { ...options, target, body: Buffer.from(options.body) });
parentPort?.postMessage(report);
