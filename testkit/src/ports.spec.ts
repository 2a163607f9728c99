import { createServer as createHttpServer, type Server } from "node:http";
import { expect } from "chai";
import { acceptsConnections, answersOk, freePort } from "./ports.js";

describe("ports", () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it("freePort gives a port nothing listens on, which acceptsConnections tells from one that is listened on", async () => {
    const port = await freePort();
    expect(await acceptsConnections(port)).to.equal(false);
    server = createHttpServer((_request, response) => response.end()).listen(port, "127.0.0.1");
    await new Promise((resolve) => server?.once("listening", resolve));
    expect(await acceptsConnections(port)).to.equal(true);
  });

  it("answersOk is true for a 2xx answer and false for an error status or no server", async () => {
    server = createHttpServer((request, response) => {
      response.statusCode = request.url === "/ok" ? 200 : 503;
      response.end("body");
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => server?.once("listening", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    expect(await answersOk(`http://127.0.0.1:${port}/ok`)).to.equal(true);
    expect(await answersOk(`http://127.0.0.1:${port}/down`)).to.equal(false);
    expect(await answersOk(`http://127.0.0.1:${await freePort()}/ok`)).to.equal(false);
  });
});
