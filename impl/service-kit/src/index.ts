export { createChildCache, type ChildCache, type ChildCacheOptions } from "./child-cache.js";
export { createAccessLog, type AccessLog, type AccessLogOptions, type Outcome } from "./access-log.js";
