import { pino } from "pino";
import {
  startRecommendationsServer,
  type RecommendationsServer,
  type RecommendationsServerOptions,
} from "../server/recommendations-server.js";

/** Starts a server for a test: 127.0.0.1, any free port, a silent logger, unless `options` say otherwise. */
export function startTestServer(options: RecommendationsServerOptions = {}): Promise<RecommendationsServer> {
  return startRecommendationsServer({ host: "127.0.0.1", port: 0, logger: pino({ level: "silent" }), ...options });
}

/** A fixed instant (2026-11-21 12:00 UTC) for tests that must not depend on the day they run. */
export const FIXED_NOW = Date.UTC(2026, 10, 21, 12);
