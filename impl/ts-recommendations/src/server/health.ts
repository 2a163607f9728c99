import type { Server } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";

/** The service name of the gRPC health protocol. */
export const HEALTH_SERVICE_NAME = "grpc.health.v1.Health";

/** The `grpc.health.v1.Health` state of a server: overall (`""`) and per service name. */
export interface ServiceHealth {
  /** Reports every name SERVING. */
  serving(): void;
  /** Reports every name NOT_SERVING (starting or draining); open Watch streams are told at once. */
  notServing(): void;
  /** Registers `grpc.health.v1.Health` on `server`. */
  addToServer(server: Server): void;
}

/**
 * Health for `""` (the whole server) and each of `serviceNames`, all NOT_SERVING until
 * {@link ServiceHealth.serving} is called. Other names answer NOT_FOUND, as the
 * health protocol specifies.
 */
export function createServiceHealth(serviceNames: readonly string[]): ServiceHealth {
  const names = ["", ...serviceNames];
  const implementation = new HealthImplementation(Object.fromEntries(names.map((name) => [name, "NOT_SERVING"])));
  const setAll = (status: "SERVING" | "NOT_SERVING"): void => names.forEach((name) => implementation.setStatus(name, status));
  return {
    serving: () => setAll("SERVING"),
    notServing: () => setAll("NOT_SERVING"),
    addToServer: (server) => implementation.addToServer(server),
  };
}
