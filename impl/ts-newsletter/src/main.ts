import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { createRecommendationsClient, GrpcError, Status } from "@onlinebooks/recommendations-v2";
import { loadConfig, USAGE, UsageError } from "./config.js";
import { runNewsletterJob } from "./newsletter-job.js";
import { createProgress } from "./progress.js";
import { openUserIds } from "./user-ids.js";

/**
 * The newsletter job: reads its arguments, streams every reader through one
 * BatchRecommend stream, writes JSON Lines to standard output (or `--output`), shows
 * progress on standard error. Exit codes: 0 done (item errors are in the output), 1 the
 * service failed or could not be reached, 2 a bad argument, users file or output file,
 * 130 SIGINT.
 */
async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`newsletter: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (config === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  let users: Awaited<ReturnType<typeof openUserIds>>;
  try {
    users = await openUserIds(config.users);
  } catch (error) {
    process.stderr.write(`newsletter: cannot read the users file: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  let output: Writable = process.stdout;
  if (config.output !== undefined) {
    try {
      output = await openOutput(config.output);
    } catch (error) {
      process.stderr.write(`newsletter: cannot write the output file: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  const progress = createProgress({ total: users.total, stream: process.stderr, interactive: process.stderr.isTTY === true });
  // Named, so the service counts its calls under "newsletter" (recommendations_api_calls_total).
  const client = createRecommendationsClient(config.target, { clientName: "newsletter" });
  const interrupted = new AbortController();
  process.once("SIGINT", () => interrupted.abort());
  let code = 0;
  try {
    const result = await runNewsletterJob({
      client,
      userIds: users.ids(),
      categories: config.categories,
      books: config.books,
      signal: interrupted.signal,
      onAnswer: () => progress.answered(),
      writeLine: async (line) => {
        if (!output.write(line)) await once(output, "drain");
      },
    });
    progress.finish(`(${result.recommended} with recommendations, ${result.failed} failed)`);
  } catch (error) {
    if (interrupted.signal.aborted) {
      progress.finish("(interrupted)");
      code = 130;
    } else if (error instanceof GrpcError) {
      progress.finish("(stopped)");
      process.stderr.write(`newsletter: the recommendations service at ${config.target} failed: ${Status[error.code] ?? String(error.code)}: ${error.details}\n`);
      code = 1;
    } else {
      throw error;
    }
  } finally {
    client.close();
  }
  if (output !== process.stdout) {
    output.end();
    await once(output, "finish");
  }
  return code;
}

/** Opens `path` for writing; rejects with the reason (a missing directory, no permission) before any reader is asked for. */
async function openOutput(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  await once(stream, "open");
  return stream;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`newsletter: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
