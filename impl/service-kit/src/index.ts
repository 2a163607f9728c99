export { createChildCache, type ChildCache, type ChildCacheOptions } from "./child-cache.js";
export { createServiceLogger, type ServiceLoggerOptions } from "./logger.js";
