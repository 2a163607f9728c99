/**
 * The homepage reference limit, run as its own process: a minimal Koa app whose `/`
 * makes one grpc-js call — the v2 request the homepage makes, pre-encoded, to the
 * real Recommendations service — and answers a fixed small HTML page. No decoding,
 * templates, cookies, metrics or headers beyond Koa's own.
 * Usage: `node reference-page.js <port> <recommendations target>`.
 */
import { Client, credentials } from "@grpc/grpc-js";
import { rawUnaryCall } from "@onlinebooks/testkit";
import Koa from "koa";
import { HOMEPAGE_V2_REQUEST, V2_RECOMMEND_PATH } from "./requests.js";

const port = Number(process.argv[2]);
const target = process.argv[3] ?? "127.0.0.1:50051";
const client = new Client(target, credentials.createInsecure());
const request = Buffer.from(HOMEPAGE_V2_REQUEST);

const app = new Koa();
app.use(async (ctx) => {
  const response = await rawUnaryCall(client, V2_RECOMMEND_PATH, request, { deadlineMs: 500 });
  ctx.type = "html";
  ctx.body = `<!doctype html><title>Reference</title><p>${response.byteLength} bytes of recommendations</p>`;
});
const server = app.listen(port, "127.0.0.1");
process.on("SIGTERM", () => {
  client.close();
  server.close(() => process.exit(0));
});
