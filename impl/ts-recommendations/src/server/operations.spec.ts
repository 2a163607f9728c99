import { expect } from "chai";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import * as v2 from "@onlinebooks/recommendations-v2";
import { holdCall } from "../testing/held-call.js";
import { createHealthClient, createReflectionClient } from "../testing/ops-clients.js";
import { startTestServer } from "../testing/test-server.js";
import { SERVICE_NAMES, type RecommendationsServer } from "./recommendations-server.js";

describe("health", () => {
  let server: RecommendationsServer;
  after(() => server.forceShutdown());

  it("reports SERVING for the whole server and each service name, NOT_FOUND for others", async () => {
    server = await startTestServer();
    const health = createHealthClient(server.address);
    try {
      for (const name of ["", ...SERVICE_NAMES]) expect(await health.check(name), name).to.equal("SERVING");
      expect(SERVICE_NAMES).to.deep.equal(["Recommendations", "recommendations.v1.Recommendations", "recommendations.v2.RecommendationService"]);
      const unknown = await health.check("nope").catch((error: ServiceError) => error.code);
      expect(unknown).to.equal(GrpcStatus.NOT_FOUND);
    } finally {
      health.close();
    }
  });
});

describe("reflection", () => {
  let server: RecommendationsServer;
  before(async () => (server = await startTestServer()));
  after(() => server.forceShutdown());

  it("lists every service the server answers (grpcurl list)", async () => {
    const reflection = createReflectionClient(server.address);
    try {
      expect(await reflection.listServices()).to.deep.equal([
        "grpc.health.v1.Health",
        "recommendations.v1.Recommendations",
        "recommendations.v2.RecommendationService",
      ]);
    } finally {
      reflection.close();
    }
  });

  it("describes v1 and v2 from the generated descriptors (grpcurl describe)", async () => {
    const reflection = createReflectionClient(server.address);
    try {
      const [v2File] = await reflection.fileContainingSymbol("recommendations.v2.RecommendationService");
      expect(v2File?.package).to.equal("recommendations.v2");
      expect(v2File?.service[0]?.method.map((method) => method.name)).to.deep.equal(["Recommend", "ListCategories", "BatchRecommend"]);
      const request = v2File?.messageType.find((message) => message.name === "RecommendRequest");
      expect(request?.field.map((field) => field.name)).to.deep.equal(["user_id", "categories", "page_size", "page_token", "exclude_book_ids"]);
      const [v1File] = await reflection.fileContainingSymbol("recommendations.v1.RecommendationRequest");
      expect(v1File?.package).to.equal("recommendations.v1");
      expect(v1File?.service[0]?.method[0]).to.include({
        name: "Recommend",
        inputType: ".recommendations.v1.RecommendationRequest",
        outputType: ".recommendations.v1.RecommendationResponse",
      });
    } finally {
      reflection.close();
    }
  });

  it("describes grpc.health.v1.Health with a well-formed map entry, so grpcurl can call it", async () => {
    const reflection = createReflectionClient(server.address);
    try {
      const [health] = await reflection.fileContainingSymbol("grpc.health.v1.Health");
      expect(health?.service[0]?.method.map((method) => method.name)).to.have.members(["Check", "Watch", "List"]);
      const list = health?.messageType.find((message) => message.name === "HealthListResponse");
      expect(list?.nestedType.map((nested) => nested.name)).to.deep.equal(["StatusesEntry"]);
      expect(list?.field[0]?.typeName).to.match(/StatusesEntry$/);
    } finally {
      reflection.close();
    }
  });
});

describe("graceful shutdown", () => {
  it("turns health NOT_SERVING, refuses new calls, finishes the call in flight, frees the port", async () => {
    const server = await startTestServer();
    const health = createHealthClient(server.address);
    const watch = health.watch("recommendations.v2.RecommendationService");
    const held = holdCall(server.address, { userId: "slow", categories: [v2.BookCategory.HORROR], pageSize: 4 });
    let restarted: RecommendationsServer | undefined;
    try {
      await held.opened;
      const stopped = server.shutdown();
      expect(await watch.ended).to.equal(GrpcStatus.UNAVAILABLE);
      expect(watch.statuses).to.deep.equal(["SERVING", "NOT_SERVING"]);
      const late = v2.createRecommendationsClient(server.address, { defaultTimeoutMs: 2000 });
      const refused = await late.listCategories({}).catch((error: ServiceError) => error.code);
      late.close();
      expect(refused).to.equal(GrpcStatus.UNAVAILABLE);
      const response = await held.release();
      expect(response.recommendations).to.have.length(4);
      await stopped;
      restarted = await startTestServer({ port: server.port });
      const client = v2.createRecommendationsClient(restarted.address, { defaultTimeoutMs: 5000 });
      expect((await client.listCategories({})).categories).to.have.length(10);
      client.close();
    } finally {
      held.close();
      health.close();
      server.forceShutdown();
      restarted?.forceShutdown();
    }
  });

  it("cancels calls still in flight when the grace period is over, and frees the port", async () => {
    for (const shutdownGraceMs of [0, 100]) {
      const server = await startTestServer({ shutdownGraceMs });
      const held = holdCall(server.address, { userId: "stuck" });
      let restarted: RecommendationsServer | undefined;
      try {
        await held.opened;
        await server.shutdown();
        const result = await held.settled;
        expect(result).to.be.instanceOf(Error);
        expect([GrpcStatus.CANCELLED, GrpcStatus.UNAVAILABLE]).to.include((result as ServiceError).code);
        restarted = await startTestServer({ port: server.port });
      } finally {
        held.close();
        restarted?.forceShutdown();
      }
    }
  });
});
