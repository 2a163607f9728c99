import { createRequire } from "node:module";
import { credentials, loadPackageDefinition, type Client, type ServiceError } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";

/** The legacy request, with the original contract's snake_case field names. */
export interface LegacyRequest {
  user_id?: number;
  category?: string | number;
  max_results?: number;
}

/** The legacy response as proto-loader decodes it. */
export interface LegacyResponse {
  recommendations: Array<{ id: number; title: string }>;
}

/** A client of `/Recommendations/Recommend` built the way teams that never migrated build theirs. */
export interface LegacyClient {
  recommend(request: LegacyRequest): Promise<LegacyResponse>;
  close(): void;
}

type RecommendFn = (request: LegacyRequest, callback: (error: ServiceError | null, response?: LegacyResponse) => void) => void;

/**
 * A grpc-js client generated at run time with `@grpc/proto-loader` from the original,
 * unversioned `legacy/recommendations.proto` of `@onlinebooks/contracts`.
 */
export function createLegacyClient(address: string): LegacyClient {
  const protoPath = createRequire(import.meta.url).resolve("@onlinebooks/contracts/legacy/recommendations.proto");
  const definition = loadSync(protoPath, { keepCase: true, enums: String, defaults: true });
  const Recommendations = loadPackageDefinition(definition)["Recommendations"] as unknown as new (
    address: string,
    channelCredentials: ReturnType<typeof credentials.createInsecure>,
  ) => Client & { Recommend: RecommendFn };
  const client = new Recommendations(address, credentials.createInsecure());
  return {
    recommend: (request) =>
      new Promise((resolve, reject) =>
        client.Recommend(request, (error, response) => (error ? reject(error) : resolve(response as LegacyResponse))),
      ),
    close: () => client.close(),
  };
}
