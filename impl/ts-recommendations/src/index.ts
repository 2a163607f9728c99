export {
  startRecommendationsServer,
  DEFAULT_CATALOG_PATH,
  MAX_REQUEST_BYTES,
  SERVICE_NAMES,
  type RecommendationsServer,
  type RecommendationsServerOptions,
} from "./server/recommendations-server.js";
export { CatalogError, loadCatalogFile, parseCatalog } from "./domain/catalog-file.js";
export type { Book, Catalog } from "./domain/catalog.js";
export { CATEGORIES, CATEGORY_DISPLAY_NAMES, type Category } from "./domain/category.js";
export { createRecommender, type Recommender, type RecommenderOptions, type RecommendQuery, type RecommendResult } from "./domain/recommender.js";
export { DomainError, type DomainErrorKind } from "./domain/domain-error.js";
export { V1_MAX_RESULTS } from "./adapters/v1-adapter.js";
export { V2_DEFAULT_PAGE_SIZE, V2_MAX_PAGE_SIZE, V2_MAX_EXCLUDED_IDS } from "./adapters/v2-adapter.js";
