import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http2";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { createFrameParser, dataFrame, FrameType, grpcRequestHeaders, headerBlock, headersFrame, pingFrame, type ParsedFrame } from "./http2-frames.js";
import { openRawHttp2Connection } from "./raw-http2-connection.js";

describe("raw HTTP/2 frames", () => {
  it("make a request Node's HTTP/2 server reads as sent, long header values included", async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ headers: request.headers, body });
        response.end("answer");
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const connection = await openRawHttp2Connection({ port: (server.address() as AddressInfo).port });
    try {
      const long = "v".repeat(300); // a length past the 7-bit prefix
      const block = headerBlock(grpcRequestHeaders("/pkg.Service/Method", { extra: [["x-long", long]] }));
      await connection.send(Buffer.concat([headersFrame(1, block), dataFrame(1, Buffer.from("request"), { endStream: true }), pingFrame(7)]));
      while (received.length === 0 || (connection.stats.frames["DATA"] ?? 0) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received[0]?.headers[":path"]).to.equal("/pkg.Service/Method");
      expect(received[0]?.headers["content-type"]).to.equal("application/grpc");
      expect(received[0]?.headers["x-long"]).to.equal(long);
      expect(received[0]?.body).to.equal("request");
      expect(connection.stats.frames["HEADERS"]).to.equal(1);
      expect(connection.stats.frames["PING"], "the PING was acknowledged").to.equal(1);
    } finally {
      connection.destroy();
      server.close();
    }
  });

  it("parse frames split anywhere across chunks", () => {
    const frames: ParsedFrame[] = [];
    const parse = createFrameParser((frame) => frames.push(frame));
    const bytes = Buffer.concat([pingFrame(1), dataFrame(3, Buffer.from("abc"), { endStream: true })]);
    for (let offset = 0; offset < bytes.length; offset += 5) parse(bytes.subarray(offset, offset + 5));
    expect(frames.map((frame) => [frame.type, frame.streamId, frame.payload.length])).to.deep.equal([
      [FrameType.PING, 0, 8],
      [FrameType.DATA, 3, 3],
    ]);
  });
});
