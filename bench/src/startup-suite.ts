import type { BenchRow } from "./bench-row.js";
import { callOnce, V2_CASE } from "./requests.js";
import { startMarketplace, startRecommendations, stopProcess } from "./services.js";
import { median, spread } from "./stats.js";
import { TARGETS } from "./settings.js";

const RUNS = 5;

/**
 * Cold start to the first served request, `RUNS` times each: the Recommendations
 * service with the shipped catalog (spawn → port open → first v2 Recommend answered
 * OK), and the marketplace (spawn → first homepage answered 200, the service already
 * running).
 */
export async function startupSuite(): Promise<BenchRow[]> {
  const recommendations: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const service = await startRecommendations();
    try {
      await callOnce(service.port, V2_CASE);
      recommendations.push(performance.now() - started);
    } finally {
      await stopProcess(service);
    }
  }
  const marketplace: number[] = [];
  const service = await startRecommendations();
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const page = await startMarketplace("v2", service.port);
      try {
        const response = await fetch(`http://127.0.0.1:${page.port}/`);
        await response.text();
        if (response.status !== 200) throw new Error(`marketplace answered ${response.status}`);
        marketplace.push(performance.now() - started);
      } finally {
        await stopProcess(page);
      }
    }
  } finally {
    await stopProcess(service);
  }
  const coldStart = median(recommendations);
  return [
    {
      group: "start-up", name: "recommendations cold start to first Recommend (shipped catalog)", value: coldStart, unit: "ms",
      spread: spread(recommendations), target: { text: `< ${TARGETS.coldStartMs} ms`, met: coldStart < TARGETS.coldStartMs },
    },
    { group: "start-up", name: "marketplace cold start to first homepage", value: median(marketplace), unit: "ms", spread: spread(marketplace) },
  ];
}
