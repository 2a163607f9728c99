import { create, toBinary } from "@bufbuild/protobuf";
import { expect } from "chai";
import * as v2 from "@onlinebooks/recommendations-v2";
import {
  attackRecommendations,
  CONTAINER_MEMORY_LIMIT_BYTES,
  createTestCertificates,
  HTTP2_ATTACKS,
  writeCertificateFiles,
  type AttackedMethod,
  type CertificateFiles,
  type Http2AttackName,
  type Http2AttackReport,
  type TestCertificates,
} from "@onlinebooks/testkit";

/** v2 Recommend: the attacker asks for the largest page (100 books, the most work per call), the reader for 10. */
const RECOMMEND: AttackedMethod = {
  path: "/recommendations.v2.RecommendationService/Recommend",
  attackRequest: toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: "attacker", pageSize: 100 })),
  goodRequest: (n) => toBinary(v2.RecommendRequestSchema, create(v2.RecommendRequestSchema, { userId: `reader-${n}`, pageSize: 10 })),
};

/** Idle connections are closed after this long in these runs, so that closing them shows within one. */
const IDLE_MS = 500;
/** How long each attack lasts: long enough to hit every limit, short enough for `npm test`. */
const ATTACK_MS: Record<Http2AttackName, number> = {
  "rapid-reset": 1500,
  "continuation-flood": 1500,
  "ping-flood": 1500,
  "settings-flood": 1500,
  "open-streams": 1500,
  "zero-window": 1500,
  "huge-headers": 1500,
  "idle-connections": 2500,
};

/** What each attack must have run into: the limit that stopped it. */
const STOPPED_BY: Record<Http2AttackName, (report: Http2AttackReport) => void> = {
  // nghttp2's reset rate limit ends every connection with GOAWAY INTERNAL_ERROR. Over TLS
  // most of those GOAWAYs never reach the attacker: the server closes a socket it has not
  // read to the end (the flood is still arriving), so the kernel resets it and the last
  // record is lost. What always shows is that the server ended the connections.
  "rapid-reset": (report) => {
    expect(report.closedByServer, JSON.stringify(report)).to.be.above(0).and.at.least(report.connections - 1);
    expect(Object.keys(report.goaways), JSON.stringify(report)).to.satisfy((codes: string[]) => codes.every((code) => code === "INTERNAL_ERROR"));
  },
  // nghttp2 ends a connection whose header block goes on and on.
  "continuation-flood": (report) => expect(report.closedByServer).to.be.above(0),
  // Keepalive enforcement: GOAWAY ENHANCE_YOUR_CALM "too_many_pings".
  "ping-flood": (report) => expect(report.goaways["ENHANCE_YOUR_CALM"] ?? 0).to.be.above(0),
  "settings-flood": (report) => expect(report.goaways["ENHANCE_YOUR_CALM"] ?? 0).to.be.above(0),
  // Streams past the 100 a connection may have open are refused, and the connection ended.
  "open-streams": (report) => expect(report.streamsReset).to.be.above(0),
  // No connection gets more than its 100 streams, so at most 100 answers wait on each.
  "zero-window": (report) => expect(report.sent).to.be.at.most(report.connections * 100),
  // A 1 MiB header ends the connection (COMPRESSION_ERROR); 10 000 headers end the stream.
  "huge-headers": (report) => expect(report.closedByServer + report.streamsReset).to.be.above(0),
  // The server closes connections that stay idle (each TLS one only after its handshake,
  // which takes a while for 1000 at once), and refuses those past its 500.
  "idle-connections": (report) => expect(report.closedByServer).to.be.above(0),
};

describe("hostile HTTP/2 clients (main.js under attack, plaintext and TLS)", function () {
  this.timeout(60_000);
  let certificates: TestCertificates;
  let files: CertificateFiles;

  before(function () {
    certificates = createTestCertificates({ caName: "Attack Test CA" });
    files = writeCertificateFiles(certificates);
  });
  after(() => files?.remove());

  for (const tls of [false, true]) {
    describe(tls ? "TLS" : "plaintext", () => {
      for (const attack of HTTP2_ATTACKS) {
        it(`${attack}: a well-behaved client keeps being served (≥ 99 % of its calls), RSS stays under 256 MiB`, async () => {
          const { attack: report, good, server } = await attackRecommendations({
            attack,
            durationMs: ATTACK_MS[attack],
            method: RECOMMEND,
            tls: tls ? { dir: files.dir, ca: certificates.ca } : undefined,
            env: { GRPC_MAX_CONNECTION_IDLE_MS: String(IDLE_MS) },
          });
          const summary = JSON.stringify({ report, good, peakRssMiB: server.peakRssBytes / 2 ** 20 });
          expect(report.connections, summary).to.be.above(0);
          expect(good.calls, summary).to.be.above(0);
          expect(good.successRate, summary).to.be.at.least(0.99);
          expect(server.peakRssBytes, summary).to.be.below(CONTAINER_MEMORY_LIMIT_BYTES);
          STOPPED_BY[attack](report);
        });
      }
    });
  }
});
