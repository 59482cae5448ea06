// A /metrics endpoint with synthetic GenAI, span_metrics and collector series, named and labelled exactly as the
// collector's prometheus exporter produces them (collector/README.md), growing with time like real counters.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

type Labels = Record<string, string>;

/** The bucket boundaries of a histogram as the telemetry contract declares them (telemetry-contract.json, `pnpm contract`). */
function contractBuckets(name: string): number[] {
  const contract = JSON.parse(readFileSync(new URL('../../../telemetry-contract.json', import.meta.url), 'utf8')) as {
    metrics: Array<{ name: string; buckets?: number[] }>;
  };
  const buckets = contract.metrics.find((metric) => metric.name === name)?.buckets;
  if (!buckets) throw new Error(`${name}: no buckets in telemetry-contract.json`);
  return buckets;
}

const DURATION_LE = contractBuckets('gen_ai.client.inference.duration');
const TOKEN_LE = contractBuckets('gen_ai.client.inference.operation.input_tokens');
const COST_LE = contractBuckets('gen_ai.client.operation.cost');

const MODELS = [
  { provider: 'openai', model: 'gpt-4.1', server: 'api.openai.com', rate: 2, cached: true, feature: 'search', team: 'search', tenant: 'acme' },
  { provider: 'openai', model: 'gpt-4o-mini', server: 'api.openai.com', rate: 1, cached: true, feature: 'support-chat', team: 'support', tenant: 'globex' },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    server: 'api.anthropic.com',
    rate: 0.5,
    cached: true,
    feature: 'summaries',
    team: 'search',
    tenant: 'globex',
  },
];
const ERRORS = [
  { error_type: 'rate_limited', share: 0.05 },
  { error_type: 'server_error', share: 0.01 },
  { error_type: 'overloaded', share: 0.01 },
  { error_type: 'timeout', share: 0.01 },
  { error_type: 'invalid_request', share: 0.005 },
];
const SCOPE = { otel_scope_name: '@genai-otel/instrumentation', otel_scope_version: '0.1.0', otel_scope_schema_url: '' };

function line(name: string, labels: Labels, value: number): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `${name}{${body}} ${value}`;
}

/** Cumulative histogram lines: `count` observations spread over the buckets as `cdf(le)` says. */
function histogram(name: string, labels: Labels, les: number[], count: number, mean: number, cdf: (le: number) => number): string[] {
  const out = les.map((le) => line(`${name}_bucket`, { ...labels, le: String(le) }, Math.floor(count * Math.min(1, cdf(le)))));
  out.push(line(`${name}_bucket`, { ...labels, le: '+Inf' }, count));
  out.push(line(`${name}_sum`, labels, count * mean));
  out.push(line(`${name}_count`, labels, count));
  return out;
}

/** The exposition at `t` seconds after start. */
export function exposition(t: number): string {
  const out: string[] = [];
  const job = 'checkout';
  const resource = { job, instance: 'checkout-1', deployment_environment_name: 'test' };
  for (const m of MODELS) {
    const base = {
      ...resource,
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: m.provider,
      gen_ai_request_model: m.model,
      gen_ai_response_model: m.model,
      server_address: m.server,
      server_port: '443',
      // Attribution promoted to metric dimensions (GENAI_OTEL_METRIC_ATTRIBUTES=feature,team,tenant).
      genai_otel_feature: m.feature,
      genai_otel_team: m.team,
      genai_otel_tenant: m.tenant,
      ...SCOPE,
    };
    const calls = Math.floor(10 + m.rate * t);
    const durationCdf = (le: number) => Math.min(1, le / 4);
    out.push(...histogram('gen_ai_client_inference_duration_seconds', base, DURATION_LE, calls, 1.5, durationCdf));
    for (const e of ERRORS)
      out.push(
        ...histogram(
          'gen_ai_client_inference_duration_seconds',
          { ...base, error_type: e.error_type },
          DURATION_LE,
          Math.floor(calls * e.share) + 1,
          0.2,
          () => 1,
        ),
      );
    out.push(...histogram('gen_ai_client_inference_time_to_first_chunk_seconds', base, DURATION_LE, Math.floor(calls / 2), 0.4, (le) => le / 1));
    out.push(...histogram('gen_ai_client_inference_time_per_output_chunk_seconds', base, DURATION_LE, calls * 20, 0.02, (le) => le / 0.05));
    out.push(...histogram('gen_ai_client_inference_operation_input_tokens', base, TOKEN_LE, calls, 1500, (le) => le / 4096));
    out.push(...histogram('gen_ai_client_inference_operation_output_tokens', base, TOKEN_LE, calls, 300, (le) => le / 1024));
    out.push(...histogram('gen_ai_client_operation_cost_USD', base, COST_LE, calls, 0.004, (le) => le / 0.01));
    const tokens = { ...base, gen_ai_token_modality: 'text' };
    out.push(line('gen_ai_client_inference_usage_input_tokens_total', tokens, calls * 1500));
    out.push(line('gen_ai_client_inference_usage_output_tokens_total', tokens, calls * 300));
    out.push(line('gen_ai_client_inference_usage_cache_read_input_tokens_total', tokens, calls * 600));
    out.push(line('gen_ai_client_inference_usage_cache_write_input_tokens_total', tokens, calls * 100));
    out.push(line('gen_ai_client_inference_usage_reasoning_output_tokens_total', tokens, calls * 50));
    out.push(line('genai_otel_client_operation_cost_unknown_total', { ...base, genai_otel_cost_unknown_reason: 'no_usage' }, Math.floor(calls / 50)));
    out.push(line('genai_otel_client_attempts_total', base, Math.floor(calls * 1.05)));
    out.push(line('genai_otel_client_attempts_total', { ...base, error_type: 'rate_limited' }, Math.floor(calls * 0.07)));
    // Avoidable spend (instrumentation README "Avoidable spend"): repeats by sampling, prompt-cache savings and misses.
    for (const sampling of ['fixed', 'varied']) {
      out.push(line('genai_otel_repeats_total', { ...base, genai_otel_request_sampling: sampling }, Math.floor(calls / 20)));
      out.push(line('genai_otel_repeat_cost_USD_total', { ...base, genai_otel_request_sampling: sampling }, Math.floor(calls / 20) * 0.004));
    }
    out.push(line('genai_otel_prompt_cache_savings_USD_total', base, calls * 0.0005));
    out.push(line('genai_otel_prompt_cache_misses_total', base, Math.floor(calls / 10)));
    out.push(line('genai_otel_prompt_cache_miss_cost_USD_total', base, Math.floor(calls / 10) * 0.001));
    const gaugeLabels = {
      ...resource,
      gen_ai_operation_name: 'chat',
      gen_ai_provider_name: m.provider,
      gen_ai_request_model: m.model,
      server_address: m.server,
      server_port: '443',
      ...SCOPE,
    };
    out.push(line('genai_otel_ratelimit_limit_requests', gaugeLabels, 10000));
    out.push(line('genai_otel_ratelimit_remaining_requests', gaugeLabels, 9000 - (t % 100)));
    out.push(line('genai_otel_ratelimit_limit_tokens', gaugeLabels, 3000000));
    out.push(line('genai_otel_ratelimit_remaining_tokens', gaugeLabels, 2500000));
    out.push(line('genai_otel_ratelimit_reset_requests_seconds', gaugeLabels, 0.006));
    out.push(line('genai_otel_ratelimit_reset_tokens_seconds', gaugeLabels, 1.2));
    out.push(line('genai_otel_ratelimit_retry_after_seconds', gaugeLabels, 2));
    // The guard's series carry provider and model only (no operation, no server).
    const guardLabels = { ...resource, gen_ai_provider_name: m.provider, gen_ai_request_model: m.model, ...SCOPE };
    out.push(line('genai_otel_guard_breaker_state', guardLabels, 0));
    out.push(line('genai_otel_guard_rejections_total', { ...guardLabels, genai_otel_guard_reason: 'rate_limited' }, Math.floor(calls * 0.02)));
    out.push(
      line(
        'genai_otel_guard_fallbacks_total',
        { ...guardLabels, genai_otel_guard_reason: 'circuit_open', genai_otel_guard_fallback_server_address: 'llm-gateway.internal' },
        Math.floor(calls * 0.01),
      ),
    );
    // What `genai-otel usage-poller` exports (its own service, the provider's model and line item): 5 % under the measured cost.
    out.push(
      line(
        'genai_otel_provider_cost_USD_total',
        {
          job: 'genai-otel-usage-poller',
          instance: 'usage-poller-1',
          deployment_environment_name: 'test',
          gen_ai_provider_name: m.provider,
          gen_ai_response_model: m.model,
          genai_otel_provider_line_item: `${m.model}, input_tokens`,
          otel_scope_name: '@genai-otel/provider-usage',
          otel_scope_version: '0.1.0',
          otel_scope_schema_url: '',
        },
        calls * 0.0038,
      ),
    );
    out.push(
      line(
        'traces_span_metrics_calls_total',
        {
          ...resource,
          service_name: job,
          span_name: `chat ${m.model}`,
          span_kind: 'SPAN_KIND_CLIENT',
          status_code: 'STATUS_CODE_UNSET',
          gen_ai_operation_name: 'chat',
          gen_ai_provider_name: m.provider,
          gen_ai_request_model: m.model,
          otel_scope_name: 'spanmetricsconnector',
        },
        calls,
      ),
    );
  }
  // The collector's own metrics (job otelcol in prometheus/prometheus.yml), without _total (v0.161.0).
  const collector = { job: 'otelcol', instance: 'collector:8888', service_name: 'otelcol-contrib' };
  const accepted = Math.floor(100 + 40 * t);
  for (const transport of ['http', 'grpc']) {
    out.push(line('otelcol_receiver_accepted_spans', { ...collector, receiver: 'otlp', transport }, accepted));
    out.push(line('otelcol_receiver_accepted_metric_points', { ...collector, receiver: 'otlp', transport }, accepted * 3));
    out.push(line('otelcol_receiver_refused_spans', { ...collector, receiver: 'otlp', transport }, 0));
    out.push(line('otelcol_receiver_refused_metric_points', { ...collector, receiver: 'otlp', transport }, 0));
  }
  out.push(line('otelcol_exporter_sent_spans', { ...collector, exporter: 'otlp_grpc/trace_store' }, accepted));
  out.push(line('otelcol_exporter_sent_metric_points', { ...collector, exporter: 'prometheus' }, accepted * 3));
  out.push(line('otelcol_exporter_queue_size', { ...collector, exporter: 'otlp_grpc/trace_store', data_type: 'traces' }, t % 7));
  out.push(line('otelcol_exporter_queue_capacity', { ...collector, exporter: 'otlp_grpc/trace_store', data_type: 'traces' }, 1000));
  out.push(line('otelcol_process_memory_rss', collector, 120_000_000));
  return `${out.join('\n')}\n`;
}

export async function startSyntheticExporter(): Promise<{ url: string; target: string; close: () => Promise<void> }> {
  const start = Date.now();
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(exposition(Math.floor((Date.now() - start) / 1000)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    target: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
