export { startRecommendationsServer, type RecommendationsServer } from "./server/recommendations-server.js";
