import { setTimeout as sleep } from "node:timers/promises";
import { serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";
import { expect } from "chai";
import { createClient, type PromiseClient } from "./client.js";
import { GrpcError } from "./grpc-error.js";
import { Status } from "./index.js";
import { addService } from "./service-implementation.js";
import { StreamingService } from "./testing/echo-service.js";
import { sendRawStream } from "./testing/raw-call.js";
import { createHandlerLog, eventually, streamingHandlers, type HandlerLog } from "./testing/streaming-handlers.js";

/** Field 1 (text) claims 10 bytes but only 2 follow. */
const UNDECODABLE = Buffer.from([0x0a, 0x0a, 0x41, 0x42]);

/** Collects what an async iterable yields, and the error it ends with (undefined when it completed). */
async function drain<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: GrpcError | undefined }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    expect(error).to.be.instanceOf(GrpcError);
    return { items, error: error as GrpcError };
  }
}

const texts = (items: { text: string }[]): string[] => items.map((item) => item.text);

describe("streaming calls: every method kind, end to end over grpc-js", () => {
  let server: TestGrpcServer;
  let client: PromiseClient<typeof StreamingService>;
  let log: HandlerLog;

  before(async () => {
    log = createHandlerLog();
    server = await serveGrpc((s) => addService(s, StreamingService, streamingHandlers(log)));
    client = createClient(StreamingService, server.address);
  });
  beforeEach(() => {
    log.produced = 0;
    log.consumed = 0;
    log.ended.length = 0;
  });
  after(() => {
    client.close();
    server.close();
  });

  describe("server-streaming", () => {
    it("yields every response in order, with the request's metadata on the server", async () => {
      const { items, error } = await drain(client.watch({ text: "w", count: 200 }, { metadata: { "x-tenant": "books" } }));
      expect(error).to.equal(undefined);
      expect(texts(items)).to.deep.equal(Array.from({ length: 200 }, (_, i) => `w#${i}`));
      expect(items[0]?.$typeName).to.equal("test.v1.EchoResponse");
      await eventually(() => log.ended.length === 1);
      expect(log.ended).to.deep.equal([{ method: "watch", aborted: false, completed: true, metadata: ["books"] }]);
    });

    it("completes an empty stream", async () => {
      expect(await drain(client.watch({ count: 0 }))).to.deep.equal({ items: [], error: undefined });
    });

    it("throws the handler's GrpcError from the iterator after the responses before it, with its trailers", async () => {
      const { items, error } = await drain(client.watch({ text: "w", count: 3, failCode: Status.NOT_FOUND }));
      expect(texts(items)).to.deep.equal(["w#0", "w#1", "w#2"]);
      expect(error?.code).to.equal(Status.NOT_FOUND);
      expect(error?.details).to.equal("failing with 5");
      expect(error?.metadata.get("x-reason")).to.deep.equal(["asked-for"]);
    });

    it("answers an unexpected exception mid-stream INTERNAL without leaking it", async () => {
      const { items, error } = await drain(client.watch({ text: "boom", count: 2 }));
      expect(items).to.have.length(2);
      expect(error?.code).to.equal(Status.INTERNAL);
      expect(error?.details).to.equal("internal error");
    });

    it("cancels the call when the loop is left early: the handler's signal aborts and its finally runs", async () => {
      const received: string[] = [];
      for await (const response of client.watch({ text: "w", count: 1_000_000, delayMs: 1 })) {
        received.push(response.text);
        if (received.length === 3) break;
      }
      expect(received).to.deep.equal(["w#0", "w#1", "w#2"]);
      await eventually(() => log.ended.length === 1);
      expect(log.ended[0]).to.include({ method: "watch", aborted: true });
    });

    it("ends the stream at its deadline, on both sides", async () => {
      const { items, error } = await drain(client.watch({ text: "w", count: 1_000_000, delayMs: 20 }, { timeoutMs: 300 }));
      expect(error?.code).to.equal(Status.DEADLINE_EXCEEDED);
      expect(items.length).to.be.greaterThan(0).and.lessThan(1_000_000);
      await eventually(() => log.ended.length === 1);
      expect(log.ended[0]).to.include({ method: "watch", aborted: true, completed: false });
    });

    it("ends the stream when its AbortSignal aborts, with CANCELLED and the reason", async () => {
      const controller = new AbortController();
      const received: string[] = [];
      let caught: unknown;
      try {
        for await (const response of client.watch({ text: "w", count: 1_000_000, delayMs: 1 }, { signal: controller.signal })) {
          received.push(response.text);
          if (received.length === 2) controller.abort(new Error("user left"));
        }
      } catch (error) {
        caught = error;
      }
      expect((caught as GrpcError).code).to.equal(Status.CANCELLED);
      expect(((caught as GrpcError).cause as Error).message).to.equal("user left");
      await eventually(() => log.ended.length === 1);
      expect(log.ended[0]).to.include({ method: "watch", aborted: true });
    });

    it("starts no call for an already aborted signal, and none before iteration starts", async () => {
      const { error } = await drain(client.watch({ count: 1 }, { signal: AbortSignal.abort() }));
      expect(error?.code).to.equal(Status.CANCELLED);
      client.watch({ count: 1 });
      await sleep(50);
      expect(log.ended).to.deep.equal([]);
    });
  });

  describe("client-streaming", () => {
    it("sends every request of an array or an async generator, in order", async () => {
      expect((await client.collect([{ text: "a" }, { text: "b" }, { text: "c" }])).text).to.equal("a,b,c");
      async function* numbers() {
        for (let i = 0; i < 500; i += 1) yield { text: String(i) };
      }
      expect((await client.collect(numbers())).text).to.equal(Array.from({ length: 500 }, (_, i) => i).join(","));
    });

    it("sends an empty stream", async () => {
      expect((await client.collect([])).text).to.equal("");
    });

    it("rejects with the handler's GrpcError, and stops sending: the request generator is returned", async () => {
      let sent = 0;
      let finished = false;
      async function* requests() {
        try {
          for (;;) {
            sent += 1;
            yield sent === 3 ? { failCode: Status.FAILED_PRECONDITION } : { text: "x" };
          }
        } finally {
          finished = true;
        }
      }
      const error = (await client.collect(requests()).catch((e: unknown) => e)) as GrpcError;
      expect(error.code).to.equal(Status.FAILED_PRECONDITION);
      await eventually(() => finished);
      const total = sent;
      await sleep(50);
      expect(sent).to.equal(total);
    });

    it("cancels the call when the request iterable throws", async () => {
      async function* requests() {
        yield { text: "a" };
        await sleep(20);
        throw new Error("source broke");
      }
      const error = (await client.collect(requests()).catch((e: unknown) => e)) as GrpcError;
      expect(error.code).to.equal(Status.CANCELLED);
      expect(error.details).to.equal("request stream failed: source broke");
      expect((error.cause as Error).message).to.equal("source broke");
      await eventually(() => log.ended.length === 1);
    });

    it("rejects a request it cannot encode with INVALID_ARGUMENT", async () => {
      const error = (await client.collect([{ text: "a" }, { count: 2 ** 40 }]).catch((e: unknown) => e)) as GrpcError;
      expect(error.code).to.equal(Status.INVALID_ARGUMENT);
      expect(error.details).to.match(/^invalid test\.v1\.EchoRequest: /);
    });
  });

  describe("bidi-streaming", () => {
    it("answers each request in order while the client is still sending", async () => {
      const answers: string[] = [];
      let release: () => void = () => undefined;
      async function* requests() {
        for (let i = 0; i < 50; i += 1) {
          yield { text: `r${i}` };
          // The next request goes out only once the answer to this one arrived.
          await new Promise<void>((resolve) => (release = resolve));
        }
      }
      for await (const response of client.chat(requests())) {
        answers.push(response.text);
        release();
      }
      expect(answers).to.deep.equal(Array.from({ length: 50 }, (_, i) => `R${i}`));
    });

    it("completes an empty stream both ways", async () => {
      expect(await drain(client.chat([]))).to.deep.equal({ items: [], error: undefined });
    });

    it("throws the server's error mid-stream after the answers before it", async () => {
      const { items, error } = await drain(client.chat([{ text: "a" }, { text: "b" }, { failCode: Status.RESOURCE_EXHAUSTED }, { text: "c" }]));
      expect(texts(items)).to.deep.equal(["A", "B"]);
      expect(error?.code).to.equal(Status.RESOURCE_EXHAUSTED);
    });

    it("cancels when the loop is left early: the handler's signal aborts, the request generator is returned", async () => {
      let generatorFinished = false;
      async function* requests() {
        try {
          for (let i = 0; ; i += 1) yield { text: `r${i}`, delayMs: 1 };
        } finally {
          generatorFinished = true;
        }
      }
      let seen = 0;
      for await (const response of client.chat(requests())) {
        expect(response.text).to.equal(`R${seen}`);
        seen += 1;
        if (seen === 5) break;
      }
      await eventually(() => log.ended.length === 1 && generatorFinished);
      expect(log.ended[0]).to.include({ method: "chat", aborted: true });
    });

    it("ends at the deadline while both sides are still streaming", async () => {
      async function* requests() {
        for (let i = 0; ; i += 1) {
          yield { text: `r${i}` };
          await sleep(20);
        }
      }
      const { items, error } = await drain(client.chat(requests(), { timeoutMs: 300 }));
      expect(error?.code).to.equal(Status.DEADLINE_EXCEEDED);
      expect(items.length).to.be.greaterThan(0);
      await eventually(() => log.ended.length === 1);
      expect(log.ended[0]).to.include({ method: "chat", completed: false });
    });

    it("answers an undecodable request message INVALID_ARGUMENT, after the answers before it", async () => {
      const good = Buffer.from([0x0a, 0x02, 0x68, 0x69]);
      const status = await sendRawStream(server.address, "/test.v1.StreamingService/Chat", [good, UNDECODABLE, good]);
      expect(status.code).to.equal(Status.INVALID_ARGUMENT);
      expect(status.details).to.match(/^malformed test\.v1\.EchoRequest: /);
      expect(log.consumed).to.equal(1);
    });
  });
});
