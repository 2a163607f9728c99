/** Which API a call used: the legacy unversioned path, v1, v2, or an operational service. */
export type ApiVersion = "legacy" | "v1" | "v2" | "health" | "reflection" | "other";

/** The legacy service name, as in the original unversioned contract. */
export const LEGACY_SERVICE_NAME = "Recommendations";

/** The API version of a call, from the service part of its path (`/service/Method`). */
export function apiVersionOf(service: string): ApiVersion {
  if (service === LEGACY_SERVICE_NAME) return "legacy";
  if (service.startsWith("recommendations.v1.")) return "v1";
  if (service.startsWith("recommendations.v2.")) return "v2";
  if (service.startsWith("grpc.health.")) return "health";
  if (service.startsWith("grpc.reflection.")) return "reflection";
  return "other";
}

/** Splits an RPC path `/pkg.Service/Method` into service and method names. */
export function splitPath(path: string): { service: string; method: string } {
  const slash = path.lastIndexOf("/");
  return { service: path.slice(1, Math.max(slash, 1)), method: path.slice(slash + 1) };
}
