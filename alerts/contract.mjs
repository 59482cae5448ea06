// Prometheus names from the telemetry contract (telemetry-contract.json at the repository root, written by
// `pnpm contract` from packages/instrumentation/src/contract/metrics.ts), for the rule generators: a metric renamed
// there changes the rules on the next `node alerts/generate-rules.mjs`, and `--check` fails until they are rewritten.
import { readFileSync } from 'node:fs';

const contract = JSON.parse(readFileSync(new URL('../telemetry-contract.json', import.meta.url), 'utf8'));

/**
 * The Prometheus series of an OTel metric as the collector exports it: `series('genai_otel.repeat.cost')` →
 * `genai_otel_repeat_cost_USD_total`; a histogram's part by its suffix, `series('gen_ai.client.operation.cost', 'sum')`.
 */
export function series(name, part) {
  const metric = contract.metrics.find((m) => m.name === name);
  if (!metric) throw new Error(`${name} is not in telemetry-contract.json`);
  if (metric.kind === 'histogram') {
    if (!['bucket', 'sum', 'count'].includes(part)) throw new Error(`${name} is a histogram: say bucket, sum or count`);
    return `${metric.prometheus.name}_${part}`;
  }
  if (part !== undefined) throw new Error(`${name} is a ${metric.kind}: it has one series`);
  return metric.prometheus.name;
}

/** The Prometheus label of an attribute key the contract declares (`genai_otel.request.sampling` → `genai_otel_request_sampling`). */
export function label(key) {
  const metric = contract.metrics.find((m) => m.attributes.includes(key));
  if (!metric) throw new Error(`${key} is not an attribute of telemetry-contract.json`);
  return metric.prometheus.labels.find((l) => l === key.replace(/[^a-zA-Z0-9_]/g, '_'));
}
