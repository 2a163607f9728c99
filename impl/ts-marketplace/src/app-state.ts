import type { Middleware } from "koa";

/** `ctx.state` of the marketplace: the reader, set by the reader middleware on pages. */
export interface AppState {
  /** The reader's user id (a positive int32), from the cookie or newly assigned. */
  readerId?: number;
}

/** A Koa middleware of the marketplace app. */
export type AppMiddleware = Middleware<AppState>;
