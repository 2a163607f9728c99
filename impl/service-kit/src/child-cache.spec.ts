import { expect } from "chai";
import { Counter, Histogram, Registry } from "prom-client";
import { createChildCache } from "./child-cache.js";

describe("createChildCache", () => {
  it("binds a label set's children once and counts through them under that label set", async () => {
    const registry = new Registry();
    const handled = new Counter({ name: "calls_total", help: "calls", labelNames: ["method", "code"], registers: [registry] });
    let binds = 0;
    const handledWith = createChildCache({
      bind: (code: string) => {
        binds += 1;
        return handled.labels({ method: "Recommend", code });
      },
    });
    handledWith("OK").inc();
    handledWith("OK").inc();
    handledWith("NOT_FOUND").inc();
    expect(handledWith("OK")).to.equal(handledWith("OK"));
    expect(binds).to.equal(2);
    const text = await registry.metrics();
    expect(text).to.contain('calls_total{method="Recommend",code="OK"} 2');
    expect(text).to.contain('calls_total{method="Recommend",code="NOT_FOUND"} 1');
  });

  it("keys several label values, binding several metrics' children together", async () => {
    const registry = new Registry();
    const requests = new Counter({ name: "requests_total", help: "requests", labelNames: ["route", "status"], registers: [registry] });
    const seconds = new Histogram({ name: "request_seconds", help: "latency", labelNames: ["route"], buckets: [1], registers: [registry] });
    const boundTo = createChildCache({
      key: (route: string, status: number) => `${route} ${status}`,
      bind: (route: string, status: number) => ({
        requests: requests.labels({ route, status: String(status) }),
        seconds: seconds.labels({ route }),
      }),
    });
    for (const [route, status] of [["/", 200], ["/", 200], ["/", 404], ["/books", 200]] as const) {
      const { requests: counter, seconds: histogram } = boundTo(route, status);
      counter.inc();
      histogram.observe(0.5);
    }
    expect(boundTo("/", 200)).to.equal(boundTo("/", 200));
    expect(boundTo("/", 200)).not.to.equal(boundTo("/", 404));
    const text = await registry.metrics();
    expect(text).to.contain('requests_total{route="/",status="200"} 2');
    expect(text).to.contain('requests_total{route="/",status="404"} 1');
    expect(text).to.contain('requests_total{route="/books",status="200"} 1');
    expect(text).to.contain('request_seconds_count{route="/"} 3');
  });
});
