import { SpanStatusCode, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
import type { Recommender } from "../domain/recommender.js";

/**
 * The recommender with each call in an OpenTelemetry span of its own, a child of the
 * active one (the gRPC server span): `Recommender.recommend` with the query's
 * `recommendations.categories`, `.limit` and `.paged`, and `.books` returned;
 * `Recommender.listCategories`. A call that throws marks its span as an error.
 */
export function traceRecommender(recommender: Recommender): Recommender {
  // Asked for here, not when the module loads, so it comes from the provider registered by then.
  const tracer = trace.getTracer("@onlinebooks/ts-recommendations");
  return {
    recommend: (query) =>
      inSpan(
        tracer,
        "Recommender.recommend",
        { "recommendations.categories": [...query.categories], "recommendations.limit": query.limit, "recommendations.paged": Boolean(query.pageToken) },
        (span) => {
          const result = recommender.recommend(query);
          span.setAttribute("recommendations.books", result.books.length);
          return result;
        },
      ),
    listCategories: () => inSpan(tracer, "Recommender.listCategories", {}, () => recommender.listCategories()),
  };
}

function inSpan<T>(tracer: Tracer, name: string, attributes: Attributes, run: (span: Span) => T): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return run(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
