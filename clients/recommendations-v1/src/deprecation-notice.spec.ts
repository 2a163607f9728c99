import { create } from "@bufbuild/protobuf";
import { Metadata, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import { createServiceDefinition } from "@onlinebooks/grpc-es";
import { serveGrpc, startServiceProcess, type TestGrpcServer } from "@onlinebooks/testkit";
import { expect } from "chai";
import { DEPRECATION_WARNING_CODE, RecommendationResponseSchema, Recommendations } from "./index.js";

/**
 * A process that makes three calls on two v1 clients and prints, as one JSON line, the
 * warnings it was given. Run as a child: the warning is once per process, and this
 * mocha process may have made its first v1 call long ago.
 */
const CALLER = `
import { createRecommendationsClient } from "@onlinebooks/recommendations-v1";
const warnings = [];
process.on("warning", (warning) => warnings.push({ name: warning.name, code: warning.code, message: warning.message }));
const [first, second] = [createRecommendationsClient(process.argv[1]), createRecommendationsClient(process.argv[1])];
await first.recommend({ userId: 1 });
await Promise.all([first.recommend({ userId: 2 }), second.recommend({ userId: 3 })]);
first.close();
second.close();
setImmediate(() => console.log(JSON.stringify(warnings)));
`;

/** A v1 server that answers every call, with `headers` in its response headers. */
function serveV1(headers: Record<string, string>): Promise<TestGrpcServer> {
  return serveGrpc((server) =>
    server.addService(createServiceDefinition(Recommendations), {
      recommend(call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) {
        const metadata = new Metadata();
        for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
        call.sendMetadata(metadata);
        callback(null, create(RecommendationResponseSchema));
      },
    }),
  );
}

async function warningsOfCaller(target: string): Promise<Array<{ name: string; code: string; message: string }>> {
  // Bare specifiers of `-e` code resolve from the working directory: the repository root.
  const caller = startServiceProcess({ command: process.execPath, args: ["--input-type=module", "-e", CALLER, target], inheritEnv: ["PATH", "HOME"] });
  expect(await caller.exited, caller.output()).to.equal(0);
  const line = caller.stdout.find((text) => text.startsWith("["));
  return JSON.parse(line ?? "null") as Array<{ name: string; code: string; message: string }>;
}

describe("v1 deprecation warning", function () {
  this.timeout(30_000);

  it("is emitted once per process, naming the sunset date the server announced and the v2 package", async () => {
    const server = await serveV1({ deprecation: "@1798761600", sunset: "Wed, 30 Jun 2027 00:00:00 GMT" });
    try {
      const warnings = await warningsOfCaller(server.address);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include({ name: "DeprecationWarning", code: DEPRECATION_WARNING_CODE });
      expect(warnings[0]?.message).to.include("2027-06-30").and.include("@onlinebooks/recommendations-v2");
    } finally {
      server.close();
    }
  });

  it("still warns when the server announces no sunset, saying so", async () => {
    const server = await serveV1({});
    try {
      const warnings = await warningsOfCaller(server.address);
      expect(warnings.map((warning) => warning.message)).to.deep.equal([
        "Recommendations API v1 (@onlinebooks/recommendations-v1) is deprecated, with no sunset date announced yet; move to @onlinebooks/recommendations-v2.",
      ]);
    } finally {
      server.close();
    }
  });
});
