import type { Middleware } from "koa";
import type { RolloutDecision } from "./services/rollout.js";

/** `ctx.state` of the marketplace: the reader and its rollout decision, set on pages only. */
export interface AppState {
  /** The reader's user id (a positive int32), from the cookie or newly assigned. */
  readerId?: number;
  /** The rollout decision for the reader, made once per request. */
  rollout?: RolloutDecision;
}

/** A Koa middleware of the marketplace app. */
export type AppMiddleware = Middleware<AppState>;
