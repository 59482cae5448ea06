import type { Attributes } from '@opentelemetry/api';

/** What the summary needs of one finished GenAI span. */
export interface CallOutcome {
  provider: string;
  model: string;
  durationSeconds: number;
  timeToFirstChunkSeconds: number | undefined;
  errorType: string | undefined;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  /** USD, when the call was priced. */
  cost: number | undefined;
}

export interface DemoSummary {
  requests: number;
  succeeded: number;
  errors: Record<string, number>;
  latency: { p50: number; p95: number; p99: number };
  timeToFirstToken: { p50: number; p95: number; count: number };
  tokens: { input: number; output: number; cacheRead: number; reasoning: number };
  byModel: Array<{
    provider: string;
    model: string;
    requests: number;
    errors: number;
    inputTokens: number;
    outputTokens: number;
    cost: number | undefined;
    unpriced: number;
  }>;
  /** Answered calls genai-otel could not price (failed calls, which carry no usage, are counted apart). */
  unpriced: number;
  totalCost: number;
}

export function outcomeFromSpan(attributes: Attributes, durationSeconds: number): CallOutcome {
  const number = (key: string): number => (typeof attributes[key] === 'number' ? (attributes[key] as number) : 0);
  const cost = attributes['gen_ai.usage.cost.amount'];
  return {
    provider: String(attributes['gen_ai.provider.name'] ?? 'unknown'),
    model: String(attributes['gen_ai.request.model'] ?? 'unknown'),
    durationSeconds,
    timeToFirstChunkSeconds:
      typeof attributes['gen_ai.response.time_to_first_chunk'] === 'number' ? attributes['gen_ai.response.time_to_first_chunk'] : undefined,
    errorType: typeof attributes['error.type'] === 'string' ? attributes['error.type'] : undefined,
    inputTokens: number('gen_ai.usage.input_tokens'),
    outputTokens: number('gen_ai.usage.output_tokens'),
    cacheReadTokens: number('gen_ai.usage.cache_read.input_tokens'),
    reasoningTokens: number('gen_ai.usage.reasoning.output_tokens'),
    cost: typeof cost === 'number' ? cost : undefined,
  };
}

/** Nearest-rank percentile of a sorted list. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(outcomes: readonly CallOutcome[]): DemoSummary {
  const durations = outcomes.map((outcome) => outcome.durationSeconds).sort((a, b) => a - b);
  const ttfts = outcomes
    .map((outcome) => outcome.timeToFirstChunkSeconds)
    .filter((value): value is number => value !== undefined)
    .sort((a, b) => a - b);
  const errors: Record<string, number> = {};
  const models = new Map<string, DemoSummary['byModel'][number]>();
  const tokens = { input: 0, output: 0, cacheRead: 0, reasoning: 0 };
  let unpriced = 0;
  let totalCost = 0;
  for (const outcome of outcomes) {
    if (outcome.errorType !== undefined) errors[outcome.errorType] = (errors[outcome.errorType] ?? 0) + 1;
    tokens.input += outcome.inputTokens;
    tokens.output += outcome.outputTokens;
    tokens.cacheRead += outcome.cacheReadTokens;
    tokens.reasoning += outcome.reasoningTokens;
    const key = `${outcome.provider}\u0000${outcome.model}`;
    let row = models.get(key);
    if (!row) {
      row = { provider: outcome.provider, model: outcome.model, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cost: undefined, unpriced: 0 };
      models.set(key, row);
    }
    row.requests += 1;
    if (outcome.errorType !== undefined) row.errors += 1;
    row.inputTokens += outcome.inputTokens;
    row.outputTokens += outcome.outputTokens;
    if (outcome.cost !== undefined) {
      row.cost = (row.cost ?? 0) + outcome.cost;
      totalCost += outcome.cost;
    } else if (outcome.errorType === undefined) {
      // A failed call carries no usage and is counted apart; only an answered call without a price is unpriced.
      row.unpriced += 1;
      unpriced += 1;
    }
  }
  return {
    requests: outcomes.length,
    succeeded: outcomes.filter((outcome) => outcome.errorType === undefined).length,
    errors,
    latency: { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95), p99: percentile(durations, 0.99) },
    timeToFirstToken: { p50: percentile(ttfts, 0.5), p95: percentile(ttfts, 0.95), count: ttfts.length },
    tokens,
    byModel: [...models.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model)),
    unpriced,
    totalCost,
  };
}

/** Renders a table with aligned columns. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
const usd = (amount: number | undefined) => (amount === undefined ? 'unknown' : `$${amount.toFixed(4)}`);

export function formatSummary(summary: DemoSummary): string {
  const errorRows = Object.entries(summary.errors).sort(([a], [b]) => a.localeCompare(b));
  return [
    `Requests: ${summary.requests}   succeeded: ${summary.succeeded}   failed: ${summary.requests - summary.succeeded}`,
    '',
    table(['error.type', 'calls'], errorRows.length ? errorRows.map(([type, count]) => [type, String(count)]) : [['(none)', '0']]),
    '',
    table(
      ['latency', 'p50', 'p95', 'p99'],
      [
        ['duration', ms(summary.latency.p50), ms(summary.latency.p95), ms(summary.latency.p99)],
        ['time to first token', ms(summary.timeToFirstToken.p50), ms(summary.timeToFirstToken.p95), '-'],
      ],
    ),
    '',
    table(
      ['tokens', 'count'],
      [
        ['input', String(summary.tokens.input)],
        ['  of which cache read', String(summary.tokens.cacheRead)],
        ['output', String(summary.tokens.output)],
        ['  of which reasoning', String(summary.tokens.reasoning)],
      ],
    ),
    '',
    table(
      ['provider', 'model', 'requests', 'errors', 'input tok', 'output tok', 'cost', 'unpriced'],
      summary.byModel.map((row) => [
        row.provider,
        row.model,
        String(row.requests),
        String(row.errors),
        String(row.inputTokens),
        String(row.outputTokens),
        usd(row.cost),
        String(row.unpriced),
      ]),
    ),
    '',
    `Total cost: ${summary.unpriced > 0 && summary.unpriced === summary.succeeded ? 'unknown' : usd(summary.totalCost)}${summary.unpriced > 0 && summary.unpriced < summary.succeeded ? ' for the priced calls' : ''}` +
      `   answered but unpriced: ${summary.unpriced}   failed (no usage to price): ${summary.requests - summary.succeeded}`,
  ].join('\n');
}
