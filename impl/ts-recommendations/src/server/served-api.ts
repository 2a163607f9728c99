/**
 * Which API a call was served under: the legacy unversioned path, v1, v2, or one of
 * the operational services. It is the `api` field of the call log.
 */
export type ServedApi = "legacy" | "v1" | "v2" | "health" | "reflection" | "other";

/** The legacy service name, as in the original unversioned contract. */
export const LEGACY_SERVICE_NAME = "Recommendations";

/** The service part of an RPC path: `recommendations.v1.Recommendations` of `/recommendations.v1.Recommendations/Recommend`. */
export function serviceOf(path: string): string {
  return path.slice(1, path.lastIndexOf("/"));
}

/** The API a call was served under, from the service part of its path ({@link serviceOf}). */
export function servedApiOf(service: string): ServedApi {
  if (service === LEGACY_SERVICE_NAME) return "legacy";
  if (service.startsWith("recommendations.v1.")) return "v1";
  if (service.startsWith("recommendations.v2.")) return "v2";
  if (service.startsWith("grpc.health.")) return "health";
  if (service.startsWith("grpc.reflection.")) return "reflection";
  return "other";
}
