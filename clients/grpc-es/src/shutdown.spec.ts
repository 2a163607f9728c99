import { listenOnLoopback } from "@onlinebooks/testkit";
import { expect } from "chai";
import { createClient } from "./client.js";
import { GrpcError } from "./grpc-error.js";
import { Status } from "./index.js";
import { createServer } from "./server.js";
import { addService } from "./service-implementation.js";
import { StreamingService } from "./testing/echo-service.js";
import { createHandlerLog, eventually, streamingHandlers } from "./testing/streaming-handlers.js";

describe("createServer: graceful shutdown with open streams", () => {
  it("ends open streams UNAVAILABLE at once, lets unary calls in flight finish, and completes", async () => {
    const log = createHandlerLog();
    const server = createServer();
    addService(server, StreamingService, streamingHandlers(log));
    const address = await listenOnLoopback(server);
    const client = createClient(StreamingService, address);
    try {
      // A server stream and a bidi stream that would run for hours, each with an answer received.
      const watch = client.watch({ text: "w", count: 1_000_000, delayMs: 10 })[Symbol.asyncIterator]();
      expect((await watch.next()).value).to.include({ text: "w#0" });
      const chat = client
        .chat(
          (async function* () {
            yield { text: "hello" };
            await new Promise(() => undefined);
          })(),
        )
        [Symbol.asyncIterator]();
      expect((await chat.next()).value).to.include({ text: "HELLO" });
      const unary = client.echo({ text: "in flight", delayMs: 300 });
      await eventually(() => log.produced >= 3 && log.unaryStarted === 1);

      const stopped = new Promise<void>((resolve, reject) => server.tryShutdown((error) => (error ? reject(error) : resolve())));
      const ended = async (iterator: AsyncIterator<unknown>): Promise<GrpcError> => {
        for (;;) {
          try {
            if ((await iterator.next()).done === true) throw new Error("the stream completed OK");
          } catch (error) {
            return error as GrpcError;
          }
        }
      };
      for (const error of [await ended(watch), await ended(chat)]) {
        expect(error).to.be.instanceOf(GrpcError);
        expect(error.code).to.equal(Status.UNAVAILABLE);
        expect(error.details).to.equal("server is shutting down");
      }
      expect((await unary).text).to.equal("in flight");
      await stopped;
      await eventually(() => log.ended.length === 2);
      expect(log.ended.map((entry) => [entry.method, entry.aborted]).sort()).to.deep.equal([
        ["chat", true],
        ["watch", true],
      ]);
    } finally {
      client.close();
      server.forceShutdown();
    }
  });
});
