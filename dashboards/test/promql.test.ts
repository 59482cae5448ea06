// Every panel query, substituted as Grafana would, against a real Prometheus:
//   1. syntax: an empty Prometheus accepts every query (status success; no data needed);
//   2. metric names: every recording rule a query reads is defined in alerts/rules/, every raw metric is one the
//      collector produces;
//   3. live data (opt-in, GENAI_OTEL_DASHBOARDS_LIVE=1, up to 3 minutes): Prometheus scrapes synthetic series named
//      as the collector exports them and evaluates the project's recording rules; every query not marked
//      `mayBeEmpty` must then return at least one series.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardQueries, durationMs, substituteQuery, type PanelQuery } from '../src/index.js';
import { buildDashboards } from '../src/dashboards.js';
import { prometheusAvailable, seriesCount, TestPrometheus, type QueryResult } from './helpers/prometheus.js';
import { startSyntheticExporter } from './helpers/synthetic-exporter.js';

const RULES_DIR = join(import.meta.dirname, '..', '..', 'alerts', 'rules');
const HAVE_PROMETHEUS = prometheusAvailable();
const LIVE = process.env['GENAI_OTEL_DASHBOARDS_LIVE'] === '1';

const label = (q: PanelQuery) => `${q.dashboardUid} #${q.panelId} "${q.panelTitle}" ${q.refId}`;

async function run(prometheus: TestPrometheus, q: PanelQuery, range = '1h'): Promise<QueryResult> {
  return q.instant ? prometheus.query(q.expr) : prometheus.queryRange(q.expr, durationMs(range) / 1000, 15);
}

describe.skipIf(!HAVE_PROMETHEUS)('queries against an empty Prometheus (syntax)', () => {
  let prometheus: TestPrometheus;
  beforeAll(async () => {
    prometheus = await TestPrometheus.start('global:\n  scrape_interval: 15s\n');
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('accepts every panel query with All selected', async () => {
    const failures: string[] = [];
    for (const q of dashboardQueries()) {
      const result = await run(prometheus, q);
      if (result.status !== 'success') failures.push(`${label(q)}: ${result.errorType} ${result.error}\n  ${q.expr}`);
    }
    expect(failures).toEqual([]);
  });

  it('accepts every panel query with values selected (regex-escaped, several values)', async () => {
    const failures: string[] = [];
    const options = {
      rateInterval: '4m',
      range: '6h',
      variables: { job: ['checkout'], provider: ['openai', 'gcp.vertex_ai'], model: ['gpt-4.1', 'claude-3-5-sonnet@20240620'] },
    };
    for (const q of dashboardQueries(options)) {
      const result = await run(prometheus, q, '6h');
      if (result.status !== 'success') failures.push(`${label(q)}: ${result.errorType} ${result.error}\n  ${q.expr}`);
    }
    expect(failures).toEqual([]);
  });

  it('accepts the series selectors of the variable queries', async () => {
    for (const { dashboard } of buildDashboards()) {
      for (const variable of dashboard.templating.list ?? []) {
        if (variable.type !== 'query') continue;
        const match = /^label_values\((.+), (\w+)\)$/.exec(String(variable.query));
        expect(match, String(variable.query)).not.toBeNull();
        const params = new URLSearchParams({ 'match[]': substituteQuery(match![1]!) });
        const response = await fetch(`${prometheus.url}/api/v1/series?${params}`);
        expect(((await response.json()) as QueryResult).status, String(variable.query)).toBe('success');
      }
    }
  });
});

/** Raw series names the collector produces (collector/README.md), the SDK's metrics that are announced, and Prometheus' own. */
const KNOWN_METRICS = [
  ...['bucket', 'sum', 'count'].flatMap((s) => [
    `gen_ai_client_inference_duration_seconds_${s}`,
    `gen_ai_client_inference_time_to_first_chunk_seconds_${s}`,
    `gen_ai_client_inference_time_per_output_chunk_seconds_${s}`,
    `gen_ai_client_inference_operation_input_tokens_${s}`,
    `gen_ai_client_inference_operation_output_tokens_${s}`,
    `gen_ai_client_operation_cost_USD_${s}`,
    `traces_span_metrics_duration_seconds_${s}`,
  ]),
  ...['input', 'output', 'cache_read_input', 'cache_write_input', 'reasoning_output'].map((t) => `gen_ai_client_inference_usage_${t}_tokens_total`),
  'genai_otel_client_operation_cost_unknown_total',
  'genai_otel_client_attempts_total',
  ...['remaining_requests', 'remaining_tokens', 'limit_requests', 'limit_tokens'].map((g) => `genai_otel_ratelimit_${g}`),
  ...['reset_requests', 'reset_tokens', 'retry_after'].map((g) => `genai_otel_ratelimit_${g}_seconds`),
  'genai_otel_guard_breaker_state',
  'genai_otel_guard_rejections_total',
  'genai_otel_guard_fallbacks_total',
  'genai_otel_provider_cost_USD_total',
  // Avoidable spend (packages/instrumentation README "Avoidable spend").
  'genai_otel_repeats_total',
  'genai_otel_repeat_cost_USD_total',
  'genai_otel_prompt_cache_savings_USD_total',
  'genai_otel_prompt_cache_misses_total',
  'genai_otel_prompt_cache_miss_cost_USD_total',
  'genai_otel_prompt_cache_unread_write_cost_USD_total',
  'traces_span_metrics_calls_total',
  ...['spans', 'metric_points'].flatMap((s) => [
    `otelcol_receiver_accepted_${s}`,
    `otelcol_receiver_refused_${s}`,
    `otelcol_exporter_sent_${s}`,
    `otelcol_exporter_send_failed_${s}`,
  ]),
  'otelcol_exporter_queue_size',
  'otelcol_exporter_queue_capacity',
  'otelcol_process_memory_rss',
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'ALERTS',
];

function recordedRules(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(RULES_DIR).filter((f) => /\.ya?ml$/.test(f))) {
    const doc = parse(readFileSync(join(RULES_DIR, file), 'utf8')) as { groups?: { rules?: { record?: string }[] }[] };
    for (const group of doc.groups ?? []) for (const rule of group.rules ?? []) if (rule.record) names.add(rule.record);
  }
  return names;
}

describe('metric names', () => {
  const queries = dashboardQueries();

  it('reads only recording rules that alerts/rules/ defines', () => {
    const defined = recordedRules();
    const used = new Set(queries.flatMap((q) => [...q.expr.matchAll(/\b[a-z_]+:[a-z0-9_]+:[a-z0-9_]+\b/g)].map((m) => m[0])));
    expect(used.size).toBeGreaterThan(10);
    expect(
      [...used].filter((name) => !defined.has(name)),
      'recording rules used by a dashboard but not defined in alerts/rules/',
    ).toEqual([]);
  });

  it('reads only raw metrics the pipeline produces', () => {
    const known = new Set(KNOWN_METRICS);
    const used = new Set<string>();
    for (const q of queries) {
      // metric names are followed by their matchers ({...}); up / scrape_* stand alone
      for (const [, name] of q.expr.matchAll(/\b((?:gen_ai_client|genai_otel|otelcol|traces_span_metrics)_\w+|ALERTS)\{/g)) used.add(name!);
      if (/^\w+$/.test(q.expr)) used.add(q.expr);
      // {__name__=~"otelcol_x(_total)?"}
      for (const [, name] of q.expr.matchAll(/__name__=~"(\w+)\(_total\)\?"/g)) used.add(name!);
    }
    for (const name of [...used]) if (/^otelcol_\w+$/.test(name) && !known.has(name) && known.has(name.replace(/_total$/, ''))) used.delete(name);
    expect([...used].filter((name) => !known.has(name))).toEqual([]);
  });
});

describe.skipIf(!HAVE_PROMETHEUS || !LIVE)('queries against synthetic collector series and the project rules (live)', () => {
  let prometheus: TestPrometheus;
  let exporter: Awaited<ReturnType<typeof startSyntheticExporter>>;

  beforeAll(async () => {
    exporter = await startSyntheticExporter();
    const ruleFiles = readdirSync(RULES_DIR)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => `  - ${join(RULES_DIR, f)}`)
      .join('\n');
    prometheus = await TestPrometheus.start(
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'rule_files:',
        ruleFiles,
        'scrape_configs:',
        '  - job_name: genai-otel-collector',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: ['${exporter.target}']`,
        '',
      ].join('\n'),
    );
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
  });

  it('every query not marked mayBeEmpty returns at least one series', async () => {
    const queries = dashboardQueries({ range: '5m' });
    // the budget rules run once a minute, and spend_today sums minute steps: up to ~2 minutes to fill in
    const deadline = Date.now() + 170_000;
    let empty: PanelQuery[] = [];
    for (;;) {
      empty = [];
      for (const q of queries.filter((q) => !q.mayBeEmpty)) {
        const result = q.instant ? await prometheus.query(q.expr) : await prometheus.queryRange(q.expr, 300, 5);
        expect(result.status, `${label(q)}: ${result.error}`).toBe('success');
        if (seriesCount(result) === 0) empty.push(q);
      }
      if (empty.length === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    expect(empty.map((q) => `${label(q)}: ${q.expr}`)).toEqual([]);
  }, 200_000);
});
