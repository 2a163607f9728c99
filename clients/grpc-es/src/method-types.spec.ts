import { expect } from "chai";
import type { PromiseClient } from "./client.js";
import type { ServiceHandlers } from "./service-implementation.js";
import type { EchoRequest, EchoResponse, StreamingService } from "./testing/echo-service.js";

/**
 * Compile-time checks (`npm run build` fails when one breaks): each method of a
 * generated service gets the client call and the handler type of its kind. An unused
 * `@ts-expect-error` is itself an error, so each mistake below must stay refused.
 */
function clientTypes(client: PromiseClient<typeof StreamingService>): unknown[] {
  const unary: Promise<EchoResponse> = client.echo({ text: "a" });
  const serverStream: AsyncIterable<EchoResponse> = client.watch({ count: 2 });
  const clientStream: Promise<EchoResponse> = client.collect([{ text: "a" }]);
  const bidi: AsyncIterable<EchoResponse> = client.chat((async function* () {
    yield { text: "a" };
  })());
  // @ts-expect-error a server stream is not a promise
  const notAPromise: Promise<EchoResponse> = client.watch({});
  // @ts-expect-error a client stream takes many requests, not one
  const notOne = client.collect({ text: "a" });
  // @ts-expect-error requests are typed
  const wrongField = client.chat([{ text: 1 }]);
  return [unary, serverStream, clientStream, bidi, notAPromise, notOne, wrongField];
}

const handlers: ServiceHandlers<typeof StreamingService> = {
  echo: (request: EchoRequest) => ({ text: request.text }),
  async *watch(request) {
    yield { text: request.text };
  },
  async collect(requests) {
    let count = 0;
    for await (const request of requests) count += request.count;
    return { text: String(count) };
  },
  async *chat(requests) {
    for await (const request of requests) yield { text: request.text };
  },
};

const wrongHandlers: ServiceHandlers<typeof StreamingService> = {
  ...handlers,
  // @ts-expect-error a bidi handler takes the request stream, not one request
  chat: (request: EchoRequest) => ({ text: request.text }),
};

describe("types per method kind", () => {
  it("are checked by the compiler", () => {
    expect([clientTypes, handlers, wrongHandlers]).to.have.length(3);
  });
});
