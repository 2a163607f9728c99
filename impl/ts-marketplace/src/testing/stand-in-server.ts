import { addService, type ServiceHandlers } from "@onlinebooks/grpc-es";
import { Recommendations } from "@onlinebooks/recommendations-v1";
import { RecommendationService } from "@onlinebooks/recommendations-v2";
import { serveGrpc, type TestGrpcServer } from "@onlinebooks/testkit";

/** Handlers of a stand-in server; a version left out answers UNIMPLEMENTED, as an old server does. */
export interface StandInOptions {
  /** recommendations.v1 handlers. */
  readonly v1?: ServiceHandlers<typeof Recommendations>;
  /** recommendations.v2 handlers. */
  readonly v2?: ServiceHandlers<typeof RecommendationService>;
}

/** A running stand-in server. */
export type StandIn = TestGrpcServer;

/**
 * Starts a gRPC server with hand-written handlers on 127.0.0.1, port 0, for the
 * situations the real server does not produce: a server without v2 (not upgraded yet)
 * and one that answers too slowly.
 */
export function startStandIn(options: StandInOptions): Promise<StandIn> {
  return serveGrpc((server) => {
    if (options.v1) addService(server, Recommendations, options.v1);
    if (options.v2) addService(server, RecommendationService, options.v2);
  });
}
