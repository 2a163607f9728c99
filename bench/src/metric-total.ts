/**
 * The sum of the values of the lines of a Prometheus text exposition (a `/metrics`
 * answer) that start with `prefix`: a metric's name and the start of its labels, e.g.
 * `grpc_client_handled_total{` for every series of that counter.
 */
export function metricTotal(metrics: string, prefix: string): number {
  return metrics
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}
