import { setTimeout as sleep } from "node:timers/promises";
import { toJson, type MessageInitShape } from "@bufbuild/protobuf";
import {
  GrpcError,
  RecommendResponseSchema,
  Status,
  type BatchRecommendRequestSchema,
  type BatchRecommendResponse,
  type BookCategory,
  type RecommendationsClient,
} from "@onlinebooks/recommendations-v2";

/** Options of {@link runNewsletterJob}. */
export interface NewsletterJobOptions {
  readonly client: RecommendationsClient;
  /** The readers, in order; each is sent once (again only after a stream failed before answering it). */
  readonly userIds: AsyncIterable<string>;
  /** Categories to recommend from; empty = every category. */
  readonly categories: readonly BookCategory[];
  /** Books per reader. */
  readonly books: number;
  /** Writes one complete line (a JSON object and its newline), resolving once the output can take more. */
  readonly writeLine: (line: string) => Promise<void>;
  /** Told about every reader answered: with recommendations (true) or an error (false). */
  readonly onAnswer?: (ok: boolean) => void;
  /** Stops the job: the stream is cancelled, the lines written so far stay. */
  readonly signal?: AbortSignal;
  /** How often a stream that ends UNAVAILABLE is reopened without an answer in between; default 3. */
  readonly retries?: number;
  /** Wait before the first retry, doubled for each next one; default 500 ms. */
  readonly retryDelayMs?: number;
}

/** What a finished job did. */
export interface NewsletterJobResult {
  /** Readers with recommendations. */
  readonly recommended: number;
  /** Readers whose request failed (their line carries the error). */
  readonly failed: number;
}

/**
 * Streams every reader of `userIds` through `BatchRecommend` and writes one JSON line
 * per reader, in order: `{"userId", "recommendations"}` (v2 `Recommendation`s in proto
 * JSON) or `{"userId", "error": {"code", "message"}}`. A slow output slows the stream
 * down (backpressure all the way to the server). When the stream ends `UNAVAILABLE` (a
 * server shutting down, a connection drained), the readers without an answer — the
 * server answers in order, so exactly those after the last answer — are sent again on
 * a new stream, up to `retries` times in a row. Rejects with the {@link GrpcError} that
 * ended it otherwise; every line written before stays whole.
 */
export async function runNewsletterJob(options: NewsletterJobOptions): Promise<NewsletterJobResult> {
  const source = options.userIds[Symbol.asyncIterator]();
  /** Readers sent on the current stream and not answered yet, in order. */
  const unanswered: string[] = [];
  /** Readers a stopped stream took from the source after it stopped, to send first on the next one. */
  const carried: string[] = [];
  let stream = 0;
  // One array for every item: each item's message is encoded once and never changed.
  const categories = [...options.categories];
  const item = (userId: string): MessageInitShape<typeof BatchRecommendRequestSchema> => ({
    requestId: userId,
    request: { userId, categories, pageSize: options.books },
  });
  async function* requests(current: number): AsyncGenerator<MessageInitShape<typeof BatchRecommendRequestSchema>> {
    const send = (userId: string) => (unanswered.push(userId), item(userId));
    for (const userId of unanswered.splice(0)) yield send(userId);
    for (;;) {
      for (const userId of carried.splice(0)) yield send(userId);
      const next = await source.next();
      if (next.done === true) return;
      if (current !== stream) {
        carried.push(next.value);
        return;
      }
      yield send(next.value);
    }
  }
  const stopped = (): boolean => options.signal?.aborted === true;
  let recommended = 0;
  let failed = 0;
  const retries = options.retries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 500;
  let retriesLeft = retries;
  let delayMs = retryDelayMs;
  for (;;) {
    stream += 1;
    try {
      for await (const answer of options.client.batchRecommend(requests(stream), { signal: options.signal })) {
        const userId = unanswered.shift();
        if (userId !== answer.requestId) throw new Error(`answer for "${answer.requestId}" where "${String(userId)}" was expected`);
        const ok = answer.result.case === "response";
        await options.writeLine(`${JSON.stringify(lineOf(answer))}\n`);
        if (ok) recommended += 1;
        else failed += 1;
        options.onAnswer?.(ok);
        retriesLeft = retries;
        delayMs = retryDelayMs;
      }
      return { recommended, failed };
    } catch (error) {
      const retryable = error instanceof GrpcError && error.code === Status.UNAVAILABLE && !stopped();
      if (!retryable || retriesLeft === 0) throw error;
      retriesLeft -= 1;
      await sleep(delayMs, undefined, { signal: options.signal }).catch(() => undefined);
      delayMs *= 2;
      if (stopped()) throw error;
    }
  }
}

function lineOf({ requestId, result }: BatchRecommendResponse): Record<string, unknown> {
  if (result.case === "response") {
    const json = toJson(RecommendResponseSchema, result.value) as { recommendations?: unknown[] };
    return { userId: requestId, recommendations: json.recommendations ?? [] };
  }
  return { userId: requestId, error: { code: Status[result.value?.code ?? Status.UNKNOWN] ?? String(result.value?.code), message: result.value?.message ?? "" } };
}
