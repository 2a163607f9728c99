import { create, toBinary } from "@bufbuild/protobuf";
import * as v2 from "@onlinebooks/recommendations-v2";
import {
  attackMarketplace,
  attackRecommendations,
  createTestCertificates,
  HTTP1_ATTACKS,
  HTTP2_ATTACKS,
  startRecommendationsProcess,
  writeCertificateFiles,
  type AttackedMethod,
  type AttackCounts,
  type UnderAttackResult,
} from "@onlinebooks/testkit";
import { V2_RECOMMEND_PATH } from "../requests.js";
import { serviceUsage, type ServiceUsage } from "./service-usage.js";

/** One attack run: what was attacked, how, and how the service and a well-behaved client fared. */
export interface AttackRow extends ServiceUsage {
  /** `recommendations` or `marketplace`. */
  readonly service: string;
  /** `plaintext`, `TLS` (HTTP/2) or `HTTP/1.1`. */
  readonly transport: string;
  /** The attack's name. */
  readonly attack: string;
  /** What the attacker sent, e.g. `187,300 streams reset over 11 connections`. */
  readonly sent: string;
  /** How the service stopped it, e.g. `GOAWAY INTERNAL_ERROR ×10`. */
  readonly stoppedBy: string;
  /** Well-behaved calls that succeeded, of all made. */
  readonly goodOk: number;
  readonly goodCalls: number;
  /** Their latency in ms (successful calls). */
  readonly goodP50Ms: number;
  readonly goodP99Ms: number;
}

/** v2 Recommend: the attacker asks for the largest page (100 books, the most work per call), the reader for 10. */
const RECOMMEND: AttackedMethod = {
  path: V2_RECOMMEND_PATH,
  attackRequest: toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: "attacker", pageSize: 100 })),
  goodRequest: (n) => toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: `reader-${n}`, pageSize: 10 })),
};

const thousands = (value: number): string => value.toLocaleString("en-US");

function rowOf(service: string, transport: string, attack: string, result: UnderAttackResult<AttackCounts & { unit: string }>, stoppedBy: string): AttackRow {
  const { attack: report, good, server } = result;
  return {
    service,
    transport,
    attack,
    sent: `${thousands(report.sent)} ${report.unit} over ${thousands(report.connections)} connection${report.connections === 1 ? "" : "s"}`,
    stoppedBy,
    goodOk: good.calls - good.failures,
    goodCalls: good.calls,
    goodP50Ms: good.p50Ms,
    goodP99Ms: good.p99Ms,
    ...serviceUsage(server),
  };
}

/** What the server did to the attacker's connections, in words. */
function reaction(counts: AttackCounts, details: ReadonlyArray<readonly [string, number]>): string {
  const parts = details.filter(([, count]) => count > 0).map(([what, count]) => `${what} ×${thousands(count)}`);
  if (counts.closedByServer > 0) parts.push(`${thousands(counts.closedByServer)} connections closed`);
  if (counts.refusedConnections > 0) parts.push(`${thousands(counts.refusedConnections)} connections refused`);
  return parts.length > 0 ? parts.join(", ") : "kept them open, within its limits";
}

/**
 * Every HTTP/2 attack against the Recommendations service, plaintext then TLS, and
 * every HTTP/1.1 attack against the marketplace, each for `durationMs` on a fresh
 * process; `progress` is told about each run.
 */
export async function runAttacks(durationMs: number, progress: (line: string) => void): Promise<AttackRow[]> {
  const rows: AttackRow[] = [];
  const certificates = createTestCertificates({ caName: "Attack Figures CA" });
  const files = writeCertificateFiles(certificates);
  try {
    for (const tls of [false, true]) {
      for (const attack of HTTP2_ATTACKS) {
        const result = await attackRecommendations({ attack, durationMs, method: RECOMMEND, tls: tls ? { dir: files.dir, ca: certificates.ca } : undefined });
        const { goaways, streamsReset } = result.attack;
        const row = rowOf("recommendations", tls ? "TLS" : "plaintext", attack, result, reaction(result.attack, [...Object.entries(goaways).map(([code, count]) => [`GOAWAY ${code}`, count] as const), ["RST_STREAM", streamsReset]]));
        rows.push(row);
        progress(`${row.service} ${row.transport} ${attack}: ${row.goodOk}/${row.goodCalls} good calls, p99 ${row.goodP99Ms.toFixed(1)} ms, peak RSS ${row.peakRssMiB.toFixed(0)} MiB`);
      }
    }
  } finally {
    files.remove();
  }
  const recommendations = await startRecommendationsProcess({ stdout: "ignore" });
  try {
    for (const attack of HTTP1_ATTACKS) {
      // Slow heads are dropped after the 10 s headersTimeout: the run lasts long enough to show it.
      const minimumMs = attack === "slow-headers" ? 15_000 : 0;
      const result = await attackMarketplace({ attack, durationMs: Math.max(durationMs, minimumMs), env: { RECOMMENDATIONS_TARGET: `127.0.0.1:${recommendations.port}`, RECOMMENDATIONS_API: "v2" } });
      const row = rowOf("marketplace", "HTTP/1.1", attack, result, reaction(result.attack, Object.entries(result.attack.statuses).map(([status, count]) => [`HTTP ${status}`, count] as const)));
      rows.push(row);
      progress(`${row.service} ${attack}: ${row.goodOk}/${row.goodCalls} pages, p99 ${row.goodP99Ms.toFixed(1)} ms, peak RSS ${row.peakRssMiB.toFixed(0)} MiB`);
    }
  } finally {
    await recommendations.stop("SIGTERM", { killAfterMs: 5000 });
  }
  return rows;
}
