/**
 * A stand-in OTLP/HTTP receiver for the tracing suite, run as its own process: it reads
 * every `POST /v1/traces` body and answers 200 with an empty export response, so the
 * services pay the whole cost of exporting (encoding, HTTP) and nothing is stored.
 * Usage: `node otlp-sink.js <port>`.
 */
import { createServer } from "node:http";

const port = Number(process.argv[2]);
const server = createServer((request, response) => {
  request.on("data", () => undefined);
  request.on("end", () => {
    const found = request.method === "POST" && request.url === "/v1/traces";
    response.writeHead(found ? 200 : 404, { "content-type": "application/x-protobuf" }).end();
  });
});
server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
