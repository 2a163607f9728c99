import { serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";
import { expect } from "chai";
import { createClient, type PromiseClient } from "./client.js";
import { addService } from "./service-implementation.js";
import { StreamingService } from "./testing/echo-service.js";
import { createHandlerLog, eventually, settledValue, streamingHandlers, type HandlerLog } from "./testing/streaming-handlers.js";

/** 1 KiB of text per message. */
const KIB = "x".repeat(1024);
/**
 * The most messages of 1 KiB that may be in flight between a producer and a consumer
 * that stopped reading — 512 KiB: a client call's retry buffer (64 KiB until the server
 * answers), the HTTP/2 flow-control windows (64 KiB each way) and the stream objects'
 * buffers (16 messages each side). Without backpressure the producer would run through
 * all of its 100,000 messages (100 MiB).
 */
const IN_FLIGHT_BOUND = 512;

describe("streaming calls: backpressure both ways, nothing buffered without bound", function () {
  this.timeout(60_000);
  let server: TestGrpcServer;
  let client: PromiseClient<typeof StreamingService>;
  let log: HandlerLog;
  let release: () => void = () => undefined;
  let gate: Promise<void> | undefined;

  before(async () => {
    log = createHandlerLog();
    server = await serveGrpc((s) => addService(s, StreamingService, streamingHandlers(log, () => gate ?? Promise.resolve())));
    client = createClient(StreamingService, server.address);
  });
  beforeEach(() => {
    log.produced = 0;
    log.consumed = 0;
    log.ended.length = 0;
    gate = undefined;
  });
  after(() => {
    client.close();
    server.close();
  });

  it("a client that stops reading a server stream makes the handler stop producing", async () => {
    let read = 0;
    let stall: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (stall = resolve));
    const reading = (async () => {
      for await (const response of client.watch({ text: KIB, count: 100_000 })) {
        expect(response.text).to.have.length(KIB.length + `#${read}`.length);
        read += 1;
        if (read === 100) {
          stall();
          await gate;
          break;
        }
      }
    })();
    gate = new Promise((resolve) => (release = resolve));
    await stalled;
    const produced = await settledValue(() => log.produced);
    expect(produced - read, `produced ${produced}, read ${read}`).to.be.lessThan(IN_FLIGHT_BOUND);
    release();
    await reading;
    await eventually(() => log.ended.length === 1);
    expect(log.ended[0]).to.include({ method: "watch", aborted: true });
  });

  it("a handler that stops reading a client stream makes the client's request generator wait", async () => {
    let produced = 0;
    async function* requests() {
      for (; produced < 100_000; produced += 1) yield { text: KIB };
    }
    gate = new Promise((resolve) => (release = resolve));
    const controller = new AbortController();
    const call = client.collect(requests(), { signal: controller.signal }).catch((error: unknown) => error);
    const sent = await settledValue(() => produced);
    expect(log.consumed).to.equal(1);
    expect(sent - log.consumed, `produced ${sent}, consumed ${log.consumed}`).to.be.lessThan(IN_FLIGHT_BOUND);
    controller.abort();
    release();
    await call;
  });

  it("a bidi client that never reads the answers makes the server stop reading, and so its own sends stop", async () => {
    let produced = 0;
    async function* requests() {
      for (; produced < 100_000; produced += 1) yield { text: KIB };
    }
    const responses = client.chat(requests())[Symbol.asyncIterator]();
    // The first answer starts the call; then the client reads nothing more.
    await responses.next();
    const sent = await settledValue(() => produced);
    expect(sent, `sent ${sent}; the server read ${log.consumed} and answered ${log.produced}`).to.be.lessThan(2 * IN_FLIGHT_BOUND);
    expect(log.consumed - 1).to.be.lessThan(IN_FLIGHT_BOUND);
    await responses.return?.();
    await eventually(() => log.ended.length === 1);
  });
});
