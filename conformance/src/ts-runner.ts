import { fromJson, toJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { credentials, makeClientConstructor, type Client, type ServiceError } from "@grpc/grpc-js";
import { createClient, GrpcError } from "@onlinebooks/grpc-es";
import * as v1 from "@onlinebooks/recommendations-v1";
import * as v2 from "@onlinebooks/recommendations-v2";
import { service as healthService } from "grpc-health-check";
import { bookIds, ERROR_DETAIL_TYPES, failureObservation, type Observation, type RunnerReport, type Targets } from "./observation.js";
import type { ScenarioFile, Step } from "./scenarios.js";

const CALL_TIMEOUT_MS = 10_000;

/** The service name of the original, package-less contract: its path is `/Recommendations/Recommend`. */
const LEGACY_SERVICE_NAME = "Recommendations";

type HealthStub = Client & {
  check(
    request: { service: string },
    options: { deadline: Date },
    callback: (error: ServiceError | null, response?: { status: string }) => void,
  ): void;
};

/** The clients of one target, one per API. */
interface TargetClients {
  legacy: v1.RecommendationsClient;
  v1: v1.RecommendationsClient;
  v2: v2.RecommendationsClient;
  health: HealthStub;
}

function connect(address: string): TargetClients {
  const Health = makeClientConstructor(healthService, "grpc.health.v1.Health");
  return {
    legacy: createClient(v1.Recommendations, address, { serviceName: LEGACY_SERVICE_NAME }),
    v1: v1.createRecommendationsClient(address),
    v2: v2.createRecommendationsClient(address),
    health: new Health(address, credentials.createInsecure()) as unknown as HealthStub,
  };
}

function close(clients: TargetClients): void {
  clients.legacy.close();
  clients.v1.close();
  clients.v2.close();
  clients.health.close();
}

/** A step's request JSON with the values it takes from earlier steps. */
function buildRequest(step: Step, previous: readonly Observation[]): Record<string, unknown> {
  const request: Record<string, unknown> = { ...step.request };
  if (step.pageTokenFrom !== undefined) {
    request["pageToken"] = previous[step.pageTokenFrom]?.response?.["nextPageToken"] ?? "";
  }
  if (step.excludeFrom !== undefined) {
    const given = (request["excludeBookIds"] ?? []) as string[];
    request["excludeBookIds"] = [...given, ...bookIds(previous[step.excludeFrom])];
  }
  const fill = step.fill;
  if (fill) {
    request[fill.field] = fill.string !== undefined ? fill.string.repeat(fill.times) : Array<string>(fill.times).fill(fill.list ?? "");
  }
  return request;
}

async function unary<I extends DescMessage, O extends DescMessage>(
  input: I,
  output: O,
  request: Record<string, unknown>,
  call: (message: ReturnType<typeof fromJson<I>>) => Promise<ReturnType<typeof fromJson<O>>>,
): Promise<Observation> {
  try {
    const response = await call(fromJson(input, request as JsonValue));
    return { status: "OK", response: toJson(output, response) as Record<string, unknown> };
  } catch (error) {
    if (error instanceof GrpcError) return failureObservation(error);
    throw error;
  }
}

/**
 * Sends the step's requests on one BatchRecommend stream and collects the answers. With
 * `cancelAfter`, the request stream stays open and the call is cancelled (by its
 * AbortSignal) once that many answers arrived.
 */
async function batch(client: v2.RecommendationsClient, step: Step): Promise<Observation> {
  const requests = (step.requests ?? []).map((json) => fromJson(v2.BatchRecommendRequestSchema, json as JsonValue));
  const cancel = new AbortController();
  async function* source() {
    yield* requests;
    if (step.cancelAfter !== undefined) await new Promise((resolve) => cancel.signal.addEventListener("abort", resolve));
  }
  const responses: Record<string, unknown>[] = [];
  try {
    for await (const response of client.batchRecommend(source(), { timeoutMs: CALL_TIMEOUT_MS, signal: cancel.signal })) {
      responses.push(toJson(v2.BatchRecommendResponseSchema, response, { registry: ERROR_DETAIL_TYPES }) as Record<string, unknown>);
      if (responses.length === step.cancelAfter) cancel.abort();
    }
    return { status: "OK", responses };
  } catch (error) {
    if (!(error instanceof GrpcError)) throw error;
    return { ...failureObservation(error), responses };
  }
}

function checkHealth(stub: HealthStub, request: Record<string, unknown>): Promise<Observation> {
  const service = typeof request["service"] === "string" ? request["service"] : "";
  return new Promise((resolve) => {
    stub.check({ service }, { deadline: new Date(Date.now() + CALL_TIMEOUT_MS) }, (error, response) => {
      if (error) resolve(failureObservation(new GrpcError(error.code, error.details, { metadata: error.metadata })));
      // Canonical proto JSON omits the zero value (UNKNOWN), as the other runners' encoders do.
      else resolve({ status: "OK", response: response && response.status !== "UNKNOWN" ? { status: response.status } : {} });
    });
  });
}

function observe(clients: TargetClients, step: Step, previous: readonly Observation[]): Promise<Observation> {
  const request = buildRequest(step, previous);
  const options = { timeoutMs: CALL_TIMEOUT_MS };
  switch (step.call) {
    case "legacy.Recommend":
      return unary(v1.RecommendationRequestSchema, v1.RecommendationResponseSchema, request, (m) => clients.legacy.recommend(m, options));
    case "v1.Recommend":
      return unary(v1.RecommendationRequestSchema, v1.RecommendationResponseSchema, request, (m) => clients.v1.recommend(m, options));
    case "v2.Recommend":
      return unary(v2.RecommendRequestSchema, v2.RecommendResponseSchema, request, (m) => clients.v2.recommend(m, options));
    case "v2.BatchRecommend":
      return batch(clients.v2, step);
    case "v2.ListCategories":
      return unary(v2.ListCategoriesRequestSchema, v2.ListCategoriesResponseSchema, request, (m) => clients.v2.listCategories(m, options));
    case "health.Check":
      return checkHealth(clients.health, request);
  }
}

/**
 * The TypeScript conformance runner: runs every scenario with the published npm
 * clients (`@onlinebooks/recommendations-v1`/`-v2`, the legacy path through
 * `@onlinebooks/grpc-es`) and grpc-health-check, and reports what it observed.
 */
export async function runTsScenarios(file: ScenarioFile, targets: Targets): Promise<RunnerReport> {
  const connections = new Map(Object.entries(targets).map(([name, address]) => [name, connect(address)]));
  try {
    const results: RunnerReport["results"] = [];
    for (const scenario of file.scenarios) {
      const steps: Observation[] = [];
      for (const step of scenario.steps) {
        const clients = connections.get(step.target ?? "recommendations");
        if (!clients) throw new Error(`scenario ${scenario.id}: no target ${step.target ?? "recommendations"}`);
        steps.push(await observe(clients, step, steps));
      }
      results.push({ id: scenario.id, steps });
    }
    return { runner: "ts", results };
  } finally {
    for (const clients of connections.values()) close(clients);
  }
}
