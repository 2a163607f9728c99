/**
 * The RPC reference limit, run as its own process: a bare grpc-js server with no
 * interceptors, logging or metrics, whose one method (the v2 Recommend path) answers
 * every call with the same pre-encoded response of `books` books (default 10), without
 * decoding the request.
 * Usage: `node reference-grpc-server.js <port> [books]`.
 */
import { Server, ServerCredentials } from "@grpc/grpc-js";
import { addRawUnaryMethod } from "@onlinebooks/testkit";
import { referenceResponse, V2_RECOMMEND_PATH } from "./requests.js";

const port = Number(process.argv[2]);
const response = Buffer.from(referenceResponse(process.argv[3] === undefined ? undefined : Number(process.argv[3])));
const server = new Server();
addRawUnaryMethod(server, V2_RECOMMEND_PATH, (_call, callback) => callback(null, response));
server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => {
  if (error) {
    process.stderr.write(`reference server: ${error.message}\n`);
    process.exit(1);
  }
});
process.on("SIGTERM", () => server.tryShutdown(() => process.exit(0)));
