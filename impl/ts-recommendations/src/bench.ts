/**
 * What the benchmarks (`bench/`) use of the service's domain, as the subpath export
 * `@onlinebooks/ts-recommendations/bench`: the catalog parser, the categories and the
 * recommender, to time `recommend` in-process on synthetic catalogs.
 */
export { parseCatalog } from "./domain/catalog-file.js";
export { CATEGORIES } from "./domain/category.js";
export { createRecommender } from "./domain/recommender.js";
