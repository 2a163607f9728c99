export { createTestCertificates, type TestCertificates, type TestCertificatesOptions } from "./certificates.js";
export { writeCertificateFiles, type CertificateFiles } from "./certificate-files.js";
export { acceptsConnections, answersOk, freePort } from "./ports.js";
export { listenOnLoopback, serveGrpc, type TestGrpcServer } from "./grpc-server.js";
export { grpcFrame, type GrpcFrameOptions } from "./grpc-frame.js";
export { addRawUnaryMethod, rawUnaryCall, sendRawUnary, type RawUnaryCallOptions } from "./raw-unary-call.js";
export { callRaw, type RawCallOptions, type RawCallResult } from "./raw-http2-call.js";
export { createLogSink, type LogSink } from "./log-sink.js";
export { quantile } from "./quantile.js";
export {
  startServiceProcess,
  type LogLine,
  type OutputMode,
  type ServiceProcess,
  type ServiceProcessOptions,
  type StopResult,
  type WaitOptions,
} from "./service-process.js";
export {
  startListeningProcess,
  type ListeningProcess,
  type ListeningProcessOptions,
  type Readiness,
  type StartOptions,
} from "./listening-process.js";
export {
  startMarketplaceProcess,
  startRecommendationsProcess,
  type RecommendationsProcess,
  type RecommendationsProcessOptions,
  type ServiceReadiness,
  type ServiceStartOptions,
} from "./service-processes.js";
export { runClosedLoopLoad, type ClosedLoopLoadOptions, type ClosedLoopLoadResult } from "./closed-loop-load.js";
export { createSpanCollector, type SpanCollector } from "./span-collector.js";
export { cpuSeconds, sampleProcess, type ProcessUsage } from "./process-stats.js";
export { HTTP2_ATTACKS, type Http2AttackName, type Http2AttackReport } from "./http2-attacks.js";
export { HTTP1_ATTACKS, type Http1AttackName, type Http1AttackReport } from "./http1-attacks.js";
export type { AttackCounts } from "./attack-driver.js";
export {
  AS_IN_ITS_CONTAINER,
  attackMarketplace,
  CONTAINER_MEMORY_LIMIT_BYTES,
  attackRecommendations,
  type AttackedMethod,
  type MarketplaceAttackOptions,
  type RecommendationsAttackOptions,
} from "./service-attacks.js";
export { homepageReader } from "./homepage-reader.js";
export { runSteadyCalls, type SteadyCallsOptions, type SteadyCallsResult } from "./steady-calls.js";
export type { UnderAttackResult } from "./under-attack.js";
