import { expect } from "chai";
import { metricTotal } from "./metric-total.js";

const METRICS = `# HELP grpc_client_handled_total RPCs completed by the client.
# TYPE grpc_client_handled_total counter
grpc_client_handled_total{grpc_method="Recommend",grpc_code="OK"} 41
grpc_client_handled_total{grpc_method="Recommend",grpc_code="UNAVAILABLE"} 1
http_requests_total{method="GET",route="/",status="200"} 14
http_requests_total{method="GET",route="/",status="503"} 2
`;

describe("metric totals from /metrics", () => {
  it("sum every series whose name and labels start with the prefix, and no comment line", () => {
    expect(metricTotal(METRICS, "grpc_client_handled_total{")).to.equal(42);
    expect(metricTotal(METRICS, 'http_requests_total{method="GET",route="/",status="200"}')).to.equal(14);
    expect(metricTotal(METRICS, "grpc_server_handled_total{")).to.equal(0);
  });
});
