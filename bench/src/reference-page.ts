/**
 * The homepage reference limit, run as its own process: a minimal Koa + pug page whose
 * `/` makes one grpc-js call — the v2 request the homepage makes, pre-encoded, to the
 * bare grpc-js reference server answering 24 books — decodes the answer with
 * protobuf-es and renders each book's title and authors with a compiled pug template. No cookies, metrics, logs,
 * tracing, rollout or headers beyond Koa's own: what the stack costs for one such page.
 * Usage: `node reference-page.js <port> <recommendations target>`.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { Client, credentials } from "@grpc/grpc-js";
import { RecommendResponseSchema } from "@onlinebooks/recommendations-v2";
import { rawUnaryCall } from "@onlinebooks/testkit";
import Koa from "koa";
import pug from "pug";
import { HOMEPAGE_V2_REQUEST, V2_RECOMMEND_PATH } from "./requests.js";

const port = Number(process.argv[2]);
const target = process.argv[3] ?? "127.0.0.1:50051";
const client = new Client(target, credentials.createInsecure());
const request = Buffer.from(HOMEPAGE_V2_REQUEST);
const render = pug.compile(
  [
    "doctype html",
    "html",
    "  head",
    "    title Reference",
    "  body",
    "    ul",
    "      each item in recommendations",
    "        li",
    "          span.book-title= item.book.title",
    "          |  by #{item.book.authors.join(', ')}",
  ].join("\n"),
);

const app = new Koa();
app.use(async (ctx) => {
  const response = fromBinary(RecommendResponseSchema, await rawUnaryCall(client, V2_RECOMMEND_PATH, request, { deadlineMs: 500 }));
  ctx.type = "html";
  ctx.body = render({ recommendations: response.recommendations });
});
const server = app.listen(port, "127.0.0.1");
process.on("SIGTERM", () => {
  client.close();
  server.close(() => process.exit(0));
});
