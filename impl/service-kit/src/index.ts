export { createAccessLog, type AccessLog, type AccessLogOptions, type Outcome } from "./access-log.js";
export { createChildCache, type ChildCache, type ChildCacheOptions } from "./child-cache.js";
export { createServiceLogger, type ServiceLoggerOptions } from "./logger.js";
export { startTracing, type Tracing, type TracingOptions } from "./tracing.js";
export { loadTracingConfig, TracingConfigError, type PropagatorName, type SamplerName, type TracingConfig } from "./tracing-config.js";
