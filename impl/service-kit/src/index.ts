export { createChildCache, type ChildCache, type ChildCacheOptions } from "./child-cache.js";
