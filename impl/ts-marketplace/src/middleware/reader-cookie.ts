import { randomInt } from "node:crypto";
import type { AppMiddleware } from "../app-state.js";

/** The name of the cookie that holds an anonymous reader's id. */
const READER_COOKIE = "reader";

const MAX_USER_ID = 2 ** 31 - 1;
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Parses a reader id read back from a cookie: a decimal integer from 1 to 2^31 − 1
 * (an int32, so the same number serves v1 and, in decimal, v2), without sign or
 * leading zeros. Anything else, including absurdly long values, is `undefined`.
 */
export function parseReaderId(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= MAX_USER_ID ? id : undefined;
}

/**
 * Gives every visitor of a page a stable reader id: the valid id from the `reader`
 * cookie, or a new random one set as an HttpOnly, SameSite=Lax cookie for a year
 * (Secure when the request came over TLS). A forged or malformed value is replaced,
 * never passed on to the Recommendations service.
 */
export function readerCookie(): AppMiddleware {
  return async (ctx, next) => {
    let id = parseReaderId(ctx.cookies.get(READER_COOKIE));
    if (id === undefined) {
      id = randomInt(1, MAX_USER_ID + 1);
      ctx.cookies.set(READER_COOKIE, String(id), {
        httpOnly: true,
        sameSite: "lax",
        secure: ctx.secure,
        maxAge: ONE_YEAR_MS,
        path: "/",
        overwrite: true,
      });
    }
    ctx.state.readerId = id;
    await next();
  };
}
