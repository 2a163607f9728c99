import type { Logger } from "pino";
import type { AppMiddleware } from "../app-state.js";
import type { Views } from "../views.js";

/** Options of {@link errorPages}. */
export interface ErrorPagesOptions {
  /** Renders the error page. */
  readonly views: Views;
  /** Where unexpected errors are logged, with their stack. */
  readonly logger: Logger;
}

const TEXTS: Record<number, { heading: string; message: string }> = {
  400: { heading: "Bad request", message: "We could not understand that request." },
  404: {
    heading: "Page not found",
    message: "We could not find that page. It may have moved, or the address may be mistyped.",
  },
  405: { heading: "Method not allowed", message: "The pages of this site can only be viewed." },
  414: { heading: "Address too long", message: "That web address is longer than any page of this site." },
  500: { heading: "Something went wrong", message: "Sorry, we could not show this page. Please try again in a moment." },
};

/**
 * Turns every error status into a page for people: a 404 page when nothing answered,
 * pages for the 4xx statuses set by other middleware, and a 500 page for any thrown
 * error. Stack traces and error messages go to the log only, never to the reader.
 */
export function errorPages(options: ErrorPagesOptions): AppMiddleware {
  const { views, logger } = options;
  return async (ctx, next) => {
    let status: number;
    try {
      await next();
      if (ctx.status < 400 || ctx.body != null) return;
      status = ctx.status;
    } catch (error) {
      const clientStatus = clientErrorStatus(error);
      if (clientStatus === undefined) logger.error({ err: error, method: ctx.method, path: ctx.path }, "request failed");
      status = clientStatus ?? 500;
    }
    const text = TEXTS[status] ?? (status >= 500 ? TEXTS[500] : TEXTS[400]);
    ctx.status = status;
    ctx.type = "html";
    ctx.body = views.render("error", { pageTitle: text?.heading, ...text });
  };
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === "number" && status >= 400 && status < 500 && expose === true ? status : undefined;
}
