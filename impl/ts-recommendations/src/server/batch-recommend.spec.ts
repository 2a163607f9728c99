import { equals, type MessageInitShape } from "@bufbuild/protobuf";
import { GrpcError, Status } from "@onlinebooks/grpc-es";
import * as v2 from "@onlinebooks/recommendations-v2";
import { createLogSink } from "@onlinebooks/testkit";
import { expect } from "chai";
import { pino } from "pino";
import { FIXED_NOW, startTestServer } from "../testing/test-server.js";
import type { RecommendationsServer } from "./recommendations-server.js";

type BatchItem = MessageInitShape<typeof v2.BatchRecommendRequestSchema>;

/** What unary Recommend answers for `request`: its response, or its error's code, message and status details. */
async function unaryAnswer(client: v2.RecommendationsClient, request: MessageInitShape<typeof v2.RecommendRequestSchema>) {
  try {
    return { response: await client.recommend(request) };
  } catch (error) {
    if (!(error instanceof GrpcError)) throw error;
    return { error: { code: error.code, message: error.details, details: error.statusDetails } };
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("recommendations.v2 BatchRecommend", () => {
  const { stream, lines } = createLogSink();
  let server: RecommendationsServer;
  let client: v2.RecommendationsClient;

  before(async () => {
    server = await startTestServer({ metricsPort: 0, logger: pino({ level: "debug" }, stream), now: () => FIXED_NOW });
    client = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 10_000 });
  });
  after(() => {
    client.close();
    server.forceShutdown();
  });

  it("answers every item in order as Recommend does — errors and their details included — without ending the stream", async () => {
    const firstPage = await client.recommend({ userId: "paged", categories: [v2.BookCategory.HISTORY], pageSize: 2 });
    const items: BatchItem[] = [
      { requestId: "history", request: { userId: "42", categories: [v2.BookCategory.HISTORY], pageSize: 3 } },
      { requestId: "bad user", request: { userId: "not a valid id!" } },
      { requestId: "too many", request: { userId: "42", pageSize: 500 } },
      { requestId: "next page", request: { userId: "paged", categories: [v2.BookCategory.HISTORY], pageSize: 2, pageToken: firstPage.nextPageToken } },
      { requestId: "foreign token", request: { userId: "other", pageToken: firstPage.nextPageToken } },
      { requestId: "unknown category", request: { userId: "42", categories: [99 as v2.BookCategory] } },
      { requestId: "", request: { userId: "7", excludeBookIds: ["007"] } },
      { requestId: "no request" },
      { requestId: "history", request: { userId: "43", categories: [v2.BookCategory.HISTORY], pageSize: 3 } },
    ];
    const responses = await collect(client.batchRecommend(items));
    expect(responses.map((response) => response.requestId)).to.deep.equal(items.map((item) => item.requestId ?? ""));
    expect(responses.map((response) => response.result.case)).to.deep.equal(["response", "error", "error", "response", "error", "error", "error", "error", "response"]);
    for (const [index, item] of items.entries()) {
      const expected = await unaryAnswer(client, item.request ?? {});
      const { result } = responses[index] as v2.BatchRecommendResponse;
      if (result.case === "response") {
        expect(expected.response, `item ${index}`).to.not.equal(undefined);
        expect(equals(v2.RecommendResponseSchema, result.value, expected.response as v2.RecommendResponse), `item ${index}`).to.equal(true);
      } else {
        expect({ code: result.value?.code, message: result.value?.message, details: result.value?.details }, `item ${index}`).to.deep.equal(
          expected.error,
        );
        expect(result.value?.details, "an ErrorInfo, and a BadRequest for INVALID_ARGUMENT").to.have.length(2);
      }
    }
    const [history] = responses;
    expect(history?.result.case === "response" && history.result.value.recommendations).to.have.length(3);
  });

  it("completes an empty stream", async () => {
    expect(await collect(client.batchRecommend([]))).to.deep.equal([]);
  });

  it("is logged as one streaming call with its message counts, and counted in the metrics per message", async () => {
    const before = lines.length;
    const requests = Array.from({ length: 25 }, (_, i): BatchItem => ({ requestId: String(i), request: { userId: String(i), pageSize: 1 } }));
    expect(await collect(client.batchRecommend(requests))).to.have.length(25);
    const line = lines.slice(before).find((candidate) => candidate["method"] === "/recommendations.v2.RecommendationService/BatchRecommend");
    expect(line).to.include({ api: "v2", grpcType: "bidi_stream", code: "OK", messagesReceived: 25, messagesSent: 25 });
    const text = await (await fetch(`http://127.0.0.1:${String(server.metricsPort)}/metrics`)).text();
    const labels = 'grpc_type="bidi_stream",grpc_service="recommendations.v2.RecommendationService",grpc_method="BatchRecommend"';
    const sample = (name: string): number => Number(text.split("\n").find((candidate) => candidate.startsWith(`${name}{${labels}}`))?.split(" ").at(-1));
    // Every test of this file so far: 9 + 0 + 25 messages each way, on 3 streams.
    expect(sample("grpc_server_started_total")).to.equal(3);
    expect(sample("grpc_server_msg_received_total")).to.equal(34);
    expect(sample("grpc_server_msg_sent_total")).to.equal(34);
    const unary = 'grpc_type="unary",grpc_service="recommendations.v2.RecommendationService",grpc_method="Recommend"';
    expect(text).to.match(new RegExp(`^grpc_server_msg_received_total\\{${unary}\\} \\d+`, "m"));
  });

  it("ends an open batch UNAVAILABLE when the server shuts down; the answers received stay valid", async () => {
    const stopping = await startTestServer();
    const batchClient = v2.createRecommendationsClient(stopping.address);
    let sent = 0;
    async function* endless(): AsyncGenerator<BatchItem> {
      for (;;) yield { requestId: String(sent), request: { userId: String(sent++), pageSize: 1 } };
    }
    const received: string[] = [];
    let failure: unknown;
    try {
      for await (const response of batchClient.batchRecommend(endless())) {
        received.push(response.requestId);
        if (received.length === 100) void stopping.shutdown();
      }
    } catch (error) {
      failure = error;
    } finally {
      batchClient.close();
      stopping.forceShutdown();
    }
    expect(failure).to.be.instanceOf(GrpcError);
    expect((failure as GrpcError).code).to.equal(Status.UNAVAILABLE);
    expect((failure as GrpcError).reason).to.equal(v2.ErrorReason.SHUTTING_DOWN);
    expect(received.length).to.be.at.least(100);
    expect(received).to.deep.equal(received.map((_, i) => String(i)));
  });
});
