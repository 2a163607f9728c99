export { startRecommendationsServer, type RecommendationsServer } from "./server/recommendations-server.js";
export { parseCatalog } from "./domain/catalog-file.js";
export { CATEGORIES, type Category } from "./domain/category.js";
export { createRecommender, type Recommender } from "./domain/recommender.js";
