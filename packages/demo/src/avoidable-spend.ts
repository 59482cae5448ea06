import { DataPointType, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { table } from './summary.js';

/** One kind of avoidable spend on one model. */
export interface AvoidableSpendEntry {
  kind: 'repeats' | 'prompt-cache misses' | 'unread cache writes';
  provider: string;
  model: string;
  /** USD that could have been saved. */
  usd: number;
  /** Calls (repeats, misses) or writes behind it. */
  count: number;
}

/** What the run spent that a response cache or the prompt cache would have saved (instrumentation README "Avoidable spend"). */
export interface AvoidableSpendSummary {
  /** USD: repeats with fixed sampling + prompt-cache miss cost + unread cache-write premium. */
  total: number;
  /** USD spent in all (priced calls). */
  spend: number;
  /** USD prompt caching saved. */
  savings: number;
  /** Repeats with varied sampling (not avoidable: caching them would change the answers). */
  variedRepeats: number;
  /** Largest first. */
  entries: AvoidableSpendEntry[];
}

/** Reads the avoidable-spend counters (and the spend) from the metrics the demo collected (cumulative). */
export function avoidableSpend(metrics: readonly MetricData[]): AvoidableSpendSummary {
  const byName = new Map(metrics.map((metric) => [metric.descriptor.name, metric]));
  const entries = new Map<string, AvoidableSpendEntry>();
  const add = (kind: AvoidableSpendEntry['kind'], name: string, field: 'usd' | 'count', where?: (attributes: Record<string, unknown>) => boolean) => {
    for (const point of byName.get(name)?.dataPoints ?? []) {
      const attributes = point.attributes as Record<string, unknown>;
      if (where && !where(attributes)) continue;
      const provider = String(attributes['gen_ai.provider.name'] ?? 'unknown');
      const model = String(attributes['gen_ai.request.model'] ?? 'unknown');
      const key = `${kind}\u0000${provider}\u0000${model}`;
      const entry = entries.get(key) ?? { kind, provider, model, usd: 0, count: 0 };
      entry[field] += point.value as number;
      entries.set(key, entry);
    }
  };
  const fixed = (attributes: Record<string, unknown>) => attributes['genai_otel.request.sampling'] === 'fixed';
  add('repeats', 'genai_otel.repeat.cost', 'usd', fixed);
  add('repeats', 'genai_otel.repeats', 'count', fixed);
  add('prompt-cache misses', 'genai_otel.prompt_cache.miss.cost', 'usd');
  add('prompt-cache misses', 'genai_otel.prompt_cache.misses', 'count');
  add('unread cache writes', 'genai_otel.prompt_cache.unread_write.cost', 'usd');
  add('unread cache writes', 'genai_otel.prompt_cache.unread_writes', 'count');
  const sum = (name: string) => (byName.get(name)?.dataPoints ?? []).reduce((total, point) => total + (point.value as number), 0);
  const cost = byName.get('gen_ai.client.operation.cost');
  const spend =
    cost?.dataPointType === DataPointType.HISTOGRAM ? cost.dataPoints.reduce((total, point) => total + ((point.value as Histogram).sum ?? 0), 0) : 0;
  const variedRepeats = (byName.get('genai_otel.repeats')?.dataPoints ?? [])
    .filter((point) => point.attributes['genai_otel.request.sampling'] === 'varied')
    .reduce((total, point) => total + (point.value as number), 0);
  const sorted = [...entries.values()].filter((entry) => entry.count > 0).sort((a, b) => b.usd - a.usd || b.count - a.count);
  return {
    total: sorted.reduce((total, entry) => total + entry.usd, 0),
    spend,
    savings: sum('genai_otel.prompt_cache.savings'),
    variedRepeats,
    entries: sorted,
  };
}

const usd = (amount: number) => `$${amount.toFixed(4)}`;
const WHAT: Record<AvoidableSpendEntry['kind'], (count: number) => string> = {
  repeats: (count) => `${count} repeated identical request${count === 1 ? '' : 's'} a response cache would have answered`,
  'prompt-cache misses': (count) => `${count} long prompt${count === 1 ? '' : 's'} that missed the prompt cache`,
  'unread cache writes': (count) => `${count} prompt-cache write${count === 1 ? '' : 's'} nothing read`,
};

/** The summary's avoidable-spend block: the top avoidable spend named first, then every kind by model. */
export function formatAvoidableSpend(summary: AvoidableSpendSummary): string {
  const share = summary.spend > 0 ? ` (${((summary.total / summary.spend) * 100).toFixed(1)} % of ${usd(summary.spend)} spent)` : '';
  const top = summary.entries[0];
  const lines = [
    `Avoidable spend: ${usd(summary.total)}${share}   prompt caching saved: ${usd(summary.savings)}`,
    top === undefined
      ? 'Top avoidable spend: none (no repeated request, prompt-cache miss or unread cache write)'
      : `Top avoidable spend: ${top.kind} on ${top.provider} ${top.model}, ${usd(top.usd)} — ${WHAT[top.kind](top.count)}`,
  ];
  if (summary.entries.length > 0) {
    lines.push(
      '',
      table(
        ['avoidable', 'provider', 'model', 'calls', 'USD'],
        summary.entries.map((entry) => [entry.kind, entry.provider, entry.model, String(entry.count), usd(entry.usd)]),
      ),
    );
  }
  if (summary.variedRepeats > 0) {
    lines.push(`(${summary.variedRepeats} more repeats sampled answers at temperature > 0: not counted, caching them would change the answers)`);
  }
  return lines.join('\n');
}
