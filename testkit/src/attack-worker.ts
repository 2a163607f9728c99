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
parentPort?.postMessage(job.protocol === "http1" ? await runHttp1Attack(job.name, job.options) : await runHttp2Attack(job.name, job.options));
