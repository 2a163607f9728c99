import { once } from "node:events";
import { connect, type AddressInfo } from "node:net";
import { expect } from "chai";
import { createHttpServer, HTTP_SERVER_LIMITS } from "./http-server.js";

/** Writes `head` on a new connection and collects everything until the server closes it (or 5 s pass). */
function exchange(port: number, head: string): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => (socket.destroy(), resolve({ text, closedByServer: false })), 5000);
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => (clearTimeout(timer), resolve({ text, closedByServer: true })));
    socket.write(head);
  });
}

describe("the marketplace's HTTP server limits", () => {
  it("drops a connection that trickles its request head for longer than headersTimeout (slowloris)", async () => {
    let answered = 0;
    const server = createHttpServer(
      (_request, response) => {
        answered += 1;
        response.end("ok");
      },
      { ...HTTP_SERVER_LIMITS, headersTimeoutMs: 300, requestTimeoutMs: 300, connectionsCheckingIntervalMs: 50 },
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    const closed = once(socket, "close");
    const trickle = setInterval(() => socket.write("X-Slow: 1\r\n"), 50);
    try {
      socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error("still open after 5 s")), 5000))]);
      expect(text).to.match(/^HTTP\/1\.1 408 /);
      expect(answered, "the app never saw the request").to.equal(0);
    } finally {
      clearInterval(trickle);
      socket.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it("closes a connection that pipelines more requests than it allows, and answers every request of one within the depth", async () => {
    let answered = 0;
    const server = createHttpServer((_request, response) => {
      answered += 1;
      // An answer that takes a moment, like a page waiting for recommendations.
      setTimeout(() => response.end("ok"), 20);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      const flood = await exchange(port, request.repeat(50));
      expect(flood.closedByServer, "the pipelining connection is closed").to.equal(true);
      expect(answered, "no more than the allowed depth reached the app").to.be.at.most(HTTP_SERVER_LIMITS.maxPipelinedRequests);
      expect(flood.text.match(/HTTP\/1\.1 200 /g) ?? [], "nor got answers").to.have.length.at.most(HTTP_SERVER_LIMITS.maxPipelinedRequests);
      const allowed = await exchange(port, request.repeat(HTTP_SERVER_LIMITS.maxPipelinedRequests - 1) + "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      expect(allowed.text.match(/HTTP\/1\.1 200 /g), "requests within the depth are all answered").to.have.length(HTTP_SERVER_LIMITS.maxPipelinedRequests);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
