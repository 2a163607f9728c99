import { Agent, request } from "node:http";
import type { LoadStats } from "./load-stats.js";

/** Options of {@link runPageLoad}. */
export interface PageLoadOptions {
  /** The marketplace's base URL, e.g. `http://127.0.0.1:5000`. */
  readonly baseUrl: string;
  /** How many pages to request in all. */
  readonly total: number;
  /** How many requests are in flight at once (one keep-alive connection each). */
  readonly concurrency: number;
  /** Where results are counted. */
  readonly stats: LoadStats;
}

const CATEGORY_PAGES = ["/categories/mystery", "/categories/science-fiction", "/categories/self-help"];

/**
 * Requests marketplace pages over keep-alive connections: 85 % the homepage, 15 % a
 * category page, for 20 000 returning readers (a `reader` cookie) and, one request in
 * twenty, a new visitor without one. A page counts as an error unless it is 200 and
 * shows books (a page with the "taking a short break" notice is a degraded answer).
 */
export async function runPageLoad(options: PageLoadOptions): Promise<void> {
  const { stats, total } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let started = 0;
  const get = (path: string, cookie: string | undefined): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request(`${options.baseUrl}${path}`, { agent, headers: cookie ? { cookie } : {}, timeout: 10_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error("no answer within 10 s")));
      req.on("error", reject);
      req.end();
    });
  const one = async (n: number): Promise<void> => {
    const path = n % 20 < 3 ? (CATEGORY_PAGES[n % 3] as string) : "/";
    const cookie = n % 20 === 19 ? undefined : `reader=${1 + ((n * 104_729) % 20_000)}`;
    const begun = performance.now();
    try {
      const { status, body } = await get(path, cookie);
      const latency = performance.now() - begun;
      if (status !== 200) stats.record(latency, { reason: `HTTP ${status}`, message: `${path}: ${body.slice(0, 120)}` });
      else if (!body.includes('class="book-title"')) stats.record(latency, { reason: "degraded page", message: `${path} showed no books` });
      else stats.record(latency);
    } catch (error) {
      stats.record(performance.now() - begun, { reason: "connection", message: error instanceof Error ? error.message : String(error) });
    }
  };
  const loop = async (): Promise<void> => {
    while (started < total) await one(started++);
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, loop));
  } finally {
    agent.destroy();
  }
}
