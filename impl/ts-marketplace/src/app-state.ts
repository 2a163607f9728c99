import type { Middleware } from "koa";
import type { ApiVersion } from "./services/recommendations-source.js";
import type { RolloutDecision } from "./services/rollout.js";

/** `ctx.state` of the marketplace: the reader, its rollout decision and the serving version, set on pages only. */
export interface AppState {
  /** The reader's user id (a positive int32), from the cookie or newly assigned. */
  readerId?: number;
  /** The rollout decision for the reader, made once per request. */
  rollout?: RolloutDecision;
  /** The version whose recommendations the page shows (or that was asked, when the lookup failed). */
  servedBy?: ApiVersion;
}

/** A Koa middleware of the marketplace app. */
export type AppMiddleware = Middleware<AppState>;
