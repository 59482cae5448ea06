/**
 * End to end, with real binaries on 127.0.0.1 (ports chosen at run time) and the project's own configs:
 *
 *   app (real openai SDK, `--import @genai-otel/node/register`) → fake providers
 *     └─ OTLP/HTTP → collector (collector/config.yaml) → prometheus exporter ← Prometheus (project rules)
 *                                                      → span_metrics        → Alertmanager → webhook sink
 *                                                      → trace sink (OTLP/gRPC → JSON lines)
 *
 * and the remote-write variant: collector + config-remote-write.yaml → Prometheus' remote-write receiver. The app
 * attributes its calls to two teams, three features and two tenants (app/plan.mjs); Prometheus loads the monthly
 * budget rules of app/budgets.yaml (team search's tiny budget burns, team support's does not).
 * Everything started is stopped in afterAll, also when a test fails. Needs: `pnpm build`,
 * `scripts/install-system-deps.sh`, and the collector binary in GENAI_OTEL_OTELCOL (scripts/test-e2e.sh).
 */
import { dashboardQueries } from '@genai-otel/dashboards';
import { startFakeProvider, type FakeProvider, type ServedCall } from '@genai-otel/fake-provider';
import { createPricer } from '@genai-otel/pricing';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN, REPEATED_FIXED, REPEATED_VARIED } from './app/plan.mjs';
import { HttpSink } from './harness/http-sink.js';
import { ManagedProcess } from './harness/managed-process.js';
import { PrometheusApi } from './harness/prometheus-api.js';
import { readTraceFile, ROOT, startStack, type Stack } from './harness/stack.js';

const OTELCOL = process.env['GENAI_OTEL_OTELCOL'];
if (!OTELCOL) throw new Error('GENAI_OTEL_OTELCOL is not set: run the end-to-end test through scripts/test-e2e.sh');

/** The alert the 429 burst must fire, and the receiver its severity routes to. */
const RATE_LIMIT_ALERT = 'GenAIRateLimitRatioHigh';
/** The monthly budget alert team search's spend must fire (app/budgets.yaml), routed to its owner's receiver. */
const BUDGET_ALERT = 'GenAIMonthlyBudgetBurnRateHigh';

/** rules/genai-budgets.yaml as alerts/generate-rules.mjs makes it from the e2e budgets (app/budgets.yaml). */
async function e2eBudgetRules(): Promise<string> {
  const { generateBudgetRuleFile, loadConfig, loadConfiguredBudgets } = (await import(join(ROOT, 'alerts/generate-rules.mjs'))) as {
    loadConfig: () => unknown;
    loadConfiguredBudgets: (config: unknown, path: string) => unknown;
    generateBudgetRuleFile: (config: unknown, budgets: unknown) => string;
  };
  const config = loadConfig();
  return generateBudgetRuleFile(config, loadConfiguredBudgets(config, join(import.meta.dirname, 'app/budgets.yaml')));
}

let workDir: string;
let stack: Stack | undefined;
let remoteStack: Stack | undefined;
/** One fake provider per target (see app/plan.mjs). */
const fakes = {} as Record<'openai' | 'deepseek' | 'anthropic' | 'gemini', FakeProvider>;
let webhooks: HttpSink;
const apps: ManagedProcess[] = [];
let prometheus: PrometheusApi;

function startApp(name: string, otlpHttp: string): ManagedProcess {
  const app = new ManagedProcess(name, process.execPath, ['--import', '@genai-otel/node/register', join(import.meta.dirname, 'app/traffic.mjs')], {
    cwd: import.meta.dirname,
    logFile: join(workDir, `${name}.log`),
    env: {
      PATH: process.env['PATH'],
      FAKE_URL_OPENAI: fakes.openai.url,
      FAKE_URL_DEEPSEEK: fakes.deepseek.url,
      FAKE_URL_ANTHROPIC: fakes.anthropic.url,
      FAKE_URL_GEMINI: fakes.gemini.url,
      GENAI_OTEL_PROVIDER_HOSTS: `127.0.0.1:${fakes.openai.port}=openai,127.0.0.1:${fakes.deepseek.port}=deepseek`,
      OTEL_SERVICE_NAME: 'e2e-app',
      // Attribution: feature, team and tenant on the metrics; the tenant read from the Baggage the app sets.
      GENAI_OTEL_METRIC_ATTRIBUTES: 'feature,team,tenant',
      GENAI_OTEL_BAGGAGE_KEYS: 'tenant',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttp,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      PACE_MS: '150',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
  });
  apps.push(app);
  return app;
}

function startUsagePoller(otlpHttp: string): ManagedProcess {
  const poller = new ManagedProcess('usage-poller', process.execPath, [join(ROOT, 'packages/node/bin/genai-otel.mjs'), 'usage-poller'], {
    cwd: workDir,
    logFile: join(workDir, 'usage-poller.log'),
    env: {
      PATH: process.env['PATH'],
      OPENAI_ADMIN_KEY: 'sk-admin-e2e-not-a-key',
      OPENAI_ADMIN_BASE_URL: fakes.openai.baseURL,
      ANTHROPIC_ADMIN_KEY: 'sk-ant-admin-e2e-not-a-key',
      ANTHROPIC_ADMIN_BASE_URL: fakes.anthropic.url,
      GENAI_OTEL_USAGE_POLL_INTERVAL: '1s',
      GENAI_OTEL_USAGE_STATE_FILE: join(workDir, 'usage-state.json'),
      OTEL_SERVICE_NAME: 'genai-otel-usage-poller',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttp,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    },
  });
  apps.push(poller);
  return poller;
}

async function sent(app: ManagedProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    app.onStdoutLine((line) => {
      if (line.startsWith('sent ')) resolve();
    });
    void app.exited.then((code) => reject(new Error(`${app.name} exited with ${code} before sending its traffic`)));
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'genai-otel-e2e-'));
  for (const target of ['openai', 'deepseek', 'anthropic', 'gemini'] as const) fakes[target] = await startFakeProvider();
  webhooks = await new HttpSink().start();
  stack = await startStack({
    workDir: join(workDir, 'scrape'),
    otelcol: OTELCOL,
    webhookUrl: webhooks.url,
    ruleFiles: { 'genai-budgets.yaml': await e2eBudgetRules() },
  });
  prometheus = new PrometheusApi(stack.prometheus);
  // The provider-billed side: the usage poller reads the fake providers' admin reports (fed from the
  // traffic they serve). Started before the traffic, so the counters' first samples are zero.
  startUsagePoller(stack.otlpHttp);
  const app = startApp('app', stack.otlpHttp);
  await sent(app);
});

afterAll(async () => {
  for (const app of apps) await app.stop();
  await stack?.stop();
  await remoteStack?.stop();
  await webhooks?.stop();
  for (const fake of Object.values(fakes)) await fake.stop();
  if (workDir && process.env['GENAI_OTEL_E2E_KEEP'] !== 'true') await rm(workDir, { recursive: true, force: true });
});

const served = () => Object.values(fakes).flatMap((fake) => fake.served);
const JOB = '{job="e2e-app"}';
const PROVIDER_OF = { openai: 'openai', deepseek: 'deepseek', anthropic: 'anthropic', gemini: 'gcp.gemini' } as const;

/** A served call's tokens in the conventions' terms, from each API's own usage fields. */
function conventionTokens(call: ServedCall): { input: number; output: number; cacheRead: number; cacheWrite: number } {
  const zero = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  if (call.status !== 200 || !call.usage) return zero;
  switch (call.api) {
    case 'openai.chat':
      return {
        input: call.usage.prompt_tokens,
        output: call.usage.completion_tokens,
        cacheRead: call.usage.prompt_tokens_details?.cached_tokens ?? 0,
        cacheWrite: 0,
      };
    case 'anthropic.messages': {
      const cacheRead = call.usage.cache_read_input_tokens ?? 0;
      const cacheWrite = call.usage.cache_creation_input_tokens ?? 0;
      return { input: call.usage.input_tokens + cacheRead + cacheWrite, output: call.usage.output_tokens, cacheRead, cacheWrite };
    }
    case 'gemini':
      return {
        input: call.usage.promptTokenCount ?? 0,
        output: (call.usage.candidatesTokenCount ?? 0) + (call.usage.thoughtsTokenCount ?? 0),
        cacheRead: call.usage.cachedContentTokenCount ?? 0,
        cacheWrite: 0,
      };
    default:
      return zero;
  }
}

function totals(): { input: number; output: number; cacheRead: number; cacheWrite: number } {
  const sum = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  for (const call of served()) {
    const tokens = conventionTokens(call);
    sum.input += tokens.input;
    sum.output += tokens.output;
    sum.cacheRead += tokens.cacheRead;
    sum.cacheWrite += tokens.cacheWrite;
  }
  return sum;
}

describe('metrics through the collector into Prometheus', () => {
  it('has every metric name the docs promise', async () => {
    const expected = [
      'gen_ai_client_inference_duration_seconds_bucket',
      'gen_ai_client_inference_duration_seconds_count',
      'gen_ai_client_inference_duration_seconds_sum',
      'gen_ai_client_inference_time_to_first_chunk_seconds_bucket',
      'gen_ai_client_inference_time_per_output_chunk_seconds_bucket',
      'gen_ai_client_inference_usage_input_tokens_total',
      'gen_ai_client_inference_usage_output_tokens_total',
      'gen_ai_client_inference_usage_cache_read_input_tokens_total',
      'gen_ai_client_inference_usage_cache_write_input_tokens_total',
      'gen_ai_client_inference_usage_reasoning_output_tokens_total',
      'gen_ai_client_inference_operation_input_tokens_bucket',
      'gen_ai_client_inference_operation_output_tokens_bucket',
      'gen_ai_client_operation_cost_USD_bucket',
      'gen_ai_client_operation_cost_USD_sum',
      'genai_otel_client_operation_cost_unknown_total',
      'genai_otel_client_attempts_total',
      'genai_otel_ratelimit_remaining_requests',
      'genai_otel_ratelimit_remaining_tokens',
      'genai_otel_ratelimit_limit_requests',
      'genai_otel_ratelimit_limit_tokens',
      'genai_otel_ratelimit_reset_requests_seconds',
      'genai_otel_ratelimit_reset_tokens_seconds',
      'genai_otel_ratelimit_retry_after_seconds',
      // Avoidable spend (unread cache writes only once a TTL of 5 minutes has run out: not in this run).
      'genai_otel_repeats_total',
      'genai_otel_repeat_cost_USD_total',
      'genai_otel_prompt_cache_savings_USD_total',
      'genai_otel_prompt_cache_misses_total',
      'genai_otel_prompt_cache_miss_cost_USD_total',
      'traces_span_metrics_calls_total',
      'traces_span_metrics_duration_seconds_bucket',
    ];
    const names = await prometheus.until(
      () => prometheus.metricNames(),
      (list) => expected.every((name) => list.includes(name)),
      60_000,
      'metric names',
    );
    expect(expected.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('counts exactly the operations the app made, by error.type', async () => {
    const total = await prometheus.until(
      () => prometheus.scalar(`sum(gen_ai_client_inference_duration_seconds_count${JOB})`),
      (value) => value === PLAN.length,
      60_000,
      'operation count',
    );
    expect(total).toBe(PLAN.length);
    const byError = await prometheus.query(`sum by (error_type) (gen_ai_client_inference_duration_seconds_count{job="e2e-app",error_type!=""})`);
    expect(Object.fromEntries(byError.map((sample) => [sample.metric['error_type'], sample.value]))).toEqual({
      rate_limited: served().filter((call) => call.status === 429).length,
      server_error: served().filter((call) => call.status === 500).length,
      overloaded: served().filter((call) => call.status === 529).length,
    });
    expect(served().filter((call) => call.status === 429)).toHaveLength(PLAN.filter((call) => call.fault?.startsWith('429')).length);
    const byProvider = await prometheus.query(`sum by (gen_ai_provider_name) (gen_ai_client_inference_duration_seconds_count${JOB})`);
    expect(Object.fromEntries(byProvider.map((sample) => [sample.metric['gen_ai_provider_name'], sample.value]))).toEqual(
      Object.fromEntries(Object.entries(fakes).map(([target, fake]) => [PROVIDER_OF[target as keyof typeof PROVIDER_OF], fake.served.length])),
    );
  });

  it('sums tokens to exactly what the fake providers served', async () => {
    const { input, output, cacheRead: cached, cacheWrite } = totals();
    expect(input).toBeGreaterThan(0);
    expect(cacheWrite).toBe(8 * 500);
    expect(
      await prometheus.until(
        () => prometheus.scalar(`sum(gen_ai_client_inference_usage_input_tokens_total${JOB})`),
        (value) => value === input,
        30_000,
        'input tokens',
      ),
    ).toBe(input);
    expect(await prometheus.scalar(`sum(gen_ai_client_inference_usage_output_tokens_total${JOB})`)).toBe(output);
    expect(await prometheus.scalar(`sum(gen_ai_client_inference_usage_cache_read_input_tokens_total${JOB})`)).toBe(cached);
    expect(await prometheus.scalar(`sum(gen_ai_client_inference_usage_cache_write_input_tokens_total${JOB})`)).toBe(cacheWrite);
  });

  it('sums cost to what @genai-otel/pricing computes for the served usage', async () => {
    const pricer = createPricer();
    let expected = 0;
    let priced = 0;
    const unknown: string[] = [];
    for (const [target, fake] of Object.entries(fakes)) {
      for (const call of fake.served) {
        if (!call.usage || call.status !== 200) continue;
        const provider = PROVIDER_OF[target as keyof typeof PROVIDER_OF];
        const result = pricer.price({
          provider,
          model: call.model,
          usage: call.usage,
          usageFormat: call.api === 'openai.chat' ? 'openai.chat' : call.api === 'gemini' ? 'gemini' : 'anthropic.messages',
          serverAddress: '127.0.0.1',
        });
        if (result.status === 'priced') {
          expected += result.amount;
          priced += 1;
        } else {
          unknown.push(`${call.model}: ${result.reason}`);
        }
      }
    }
    // Every answered call is priced, but DeepSeek's tariff hangs on the hour and the holiday calendar: a call the
    // data cannot place in time is unknown_tariff (e.g. a 2027 weekday peak hour before the 2027 holidays are in).
    expect(unknown.filter((line) => line !== 'deepseek-v4-flash: unknown_tariff')).toEqual([]);
    expect(priced + unknown.length).toBe(served().filter((call) => call.status === 200).length);
    const count = await prometheus.until(
      () => prometheus.scalar(`sum(gen_ai_client_operation_cost_USD_count${JOB})`),
      (value) => value === priced,
      30_000,
      'priced calls',
    );
    expect(count).toBe(priced);
    expect(await prometheus.scalar(`sum(gen_ai_client_operation_cost_USD_sum${JOB})`)).toBeCloseTo(expected, 9);
    // OpenAI and Anthropic do not document whether 429s, 500s and 529s are billed: unknown, never $0.
    expect(
      await prometheus.scalar(`sum(genai_otel_client_operation_cost_unknown_total{job="e2e-app",genai_otel_cost_unknown_reason="error_billing_unknown"})`),
    ).toBe(served().filter((call) => call.status >= 400).length);
  });

  it('has the provider-billed cost (usage poller) equal to the measured cost, per provider', async () => {
    for (const provider of ['openai', 'anthropic']) {
      const measured = await prometheus.scalar(`sum(gen_ai_client_operation_cost_USD_sum{job="e2e-app",gen_ai_provider_name="${provider}"})`);
      expect(measured).toBeGreaterThan(0);
      const billed = await prometheus.until(
        () => prometheus.scalar(`sum(genai_otel_provider_cost_USD_total{gen_ai_provider_name="${provider}"})`),
        (value) => Math.abs(value - measured) < 1e-9,
        60_000,
        `${provider} provider-billed cost`,
      );
      expect(billed).toBeCloseTo(measured, 9);
    }
  });

  it('splits calls, tokens and cost by feature, team and tenant exactly as the app attributed them', async () => {
    const expected: Record<string, number> = {};
    for (const call of PLAN) {
      const key = `${call.team}/${call.feature}/${call.tenant}`;
      expected[key] = (expected[key] ?? 0) + 1;
    }
    expect(Object.keys(expected)).toHaveLength(5);
    const byAttribution = await prometheus.until(
      () => prometheus.query(`sum by (genai_otel_team, genai_otel_feature, genai_otel_tenant) (gen_ai_client_inference_duration_seconds_count${JOB})`),
      (samples) => samples.reduce((sum, sample) => sum + sample.value, 0) === PLAN.length,
      30_000,
      'calls by attribution',
    );
    expect(
      Object.fromEntries(
        byAttribution.map((sample) => [
          `${sample.metric['genai_otel_team']}/${sample.metric['genai_otel_feature']}/${sample.metric['genai_otel_tenant']}`,
          sample.value,
        ]),
      ),
    ).toEqual(expected);
    // Every priced call's cost and every call's tokens carry the dimensions: nothing unattributed.
    const cost = await prometheus.scalar(`sum(gen_ai_client_operation_cost_USD_sum${JOB})`);
    expect(cost).toBeGreaterThan(0);
    expect(await prometheus.scalar(`sum(gen_ai_client_operation_cost_USD_sum{job="e2e-app",genai_otel_team!="",genai_otel_tenant!=""})`)).toBeCloseTo(cost, 12);
    expect(await prometheus.query(`gen_ai_client_inference_usage_input_tokens_total{job="e2e-app",genai_otel_feature=""}`)).toEqual([]);
    // The 429s were all team search's (feature search).
    const limited = await prometheus.query(
      `sum by (genai_otel_team, genai_otel_feature) (genai_otel_client_attempts_total{job="e2e-app",error_type="rate_limited"})`,
    );
    expect(limited.map((sample) => [sample.metric['genai_otel_team'], sample.metric['genai_otel_feature'], sample.value])).toEqual([['search', 'search', 12]]);
  });

  it('counts the repeats, prompt-cache savings and misses of the traffic exactly (avoidable spend)', async () => {
    // REPEATED_FIXED four times at temperature 0: three repeats with fixed sampling; REPEATED_VARIED three times at the
    // default temperature: two with varied sampling. Every other call has a prompt of its own.
    const repeats = (prompt: string) => PLAN.filter((call) => call.prompt === prompt).length - 1;
    expect([repeats(REPEATED_FIXED), repeats(REPEATED_VARIED)]).toEqual([3, 2]);
    const bySampling = await prometheus.until(
      () => prometheus.query(`sum by (genai_otel_request_sampling, gen_ai_request_model) (genai_otel_repeats_total${JOB})`),
      (samples) => samples.reduce((sum, sample) => sum + sample.value, 0) === 5,
      30_000,
      'repeats',
    );
    expect(
      Object.fromEntries(
        bySampling.map((sample) => [`${sample.metric['genai_otel_request_sampling']} ${sample.metric['gen_ai_request_model']}`, sample.value]),
      ),
    ).toEqual({
      'fixed gpt-4.1': 3,
      'varied gpt-4o-mini': 2,
    });
    // Their cost, usage pinned at 30 prompt + 20 completion tokens: gpt-4.1 (30 × 2.00 + 20 × 8.00) / 10⁶ = 0.00022 per
    // call; gpt-4o-mini (30 × 0.15 + 20 × 0.60) / 10⁶ = 0.0000165 per call.
    const repeatCost = (sampling: string) =>
      prometheus.scalar(`sum(genai_otel_repeat_cost_USD_total{job="e2e-app",genai_otel_request_sampling="${sampling}"})`);
    expect(await repeatCost('fixed')).toBeCloseTo(3 * 0.00022, 12);
    expect(await repeatCost('varied')).toBeCloseTo(2 * 0.0000165, 12);
    // Misses: gpt-4.1, 3 × 3,000 prompt tokens, none cached: 2,944 cacheable (1,024 + 15 × 128) × (2.00 − 0.50) / 10⁶ =
    // 0.004416 each; claude-sonnet-4-6, 2 × 2,500 input tokens without cache_control (minimum 2,048): 2,500 × (3.00 − 0.30)
    // / 10⁶ = 0.00675 each. No other call is long enough without reading the cache.
    const misses = await prometheus.query(`sum by (gen_ai_request_model) (genai_otel_prompt_cache_misses_total${JOB})`);
    expect(Object.fromEntries(misses.map((sample) => [sample.metric['gen_ai_request_model'], sample.value]))).toEqual({ 'gpt-4.1': 3, 'claude-sonnet-4-6': 2 });
    expect(await prometheus.scalar(`sum(genai_otel_prompt_cache_miss_cost_USD_total${JOB})`)).toBeCloseTo(3 * 0.004416 + 2 * 0.00675, 12);
    // Savings: every served cache read at its model's uncached input price minus its cached price, from the pricer's
    // breakdown (gpt-4o-mini 1,536 × 0.075, claude-sonnet-4-6 3,000 × 2.70, gemini-2.5-flash 400 × 0.27 per call, / 10⁶).
    const pricer = createPricer();
    const uncachedOf: Record<string, string> = { cached_input: 'input', cached_input_audio: 'input_audio', cached_input_image: 'input_image' };
    let expectedSavings = 0;
    for (const [target, fake] of Object.entries(fakes)) {
      for (const call of fake.served) {
        if (!call.usage || call.status !== 200) continue;
        const result = pricer.price({
          provider: PROVIDER_OF[target as keyof typeof PROVIDER_OF],
          model: call.model,
          usage: call.usage,
          usageFormat: call.api === 'openai.chat' ? 'openai.chat' : call.api === 'gemini' ? 'gemini' : 'anthropic.messages',
          serverAddress: '127.0.0.1',
        });
        if (result.status !== 'priced') continue;
        for (const line of result.breakdown.lines) {
          const full = result.breakdown.inputUnitPrices?.[uncachedOf[line.tokenClass] as keyof typeof result.breakdown.inputUnitPrices];
          if (full !== undefined && full > line.pricePerMTok) expectedSavings += (line.tokens * (full - line.pricePerMTok)) / 1e6;
        }
      }
    }
    expect(expectedSavings).toBeCloseTo(10 * 0.0001152 + 8 * 0.0081 + 8 * 0.000108, 12);
    expect(await prometheus.scalar(`sum(genai_otel_prompt_cache_savings_USD_total${JOB})`)).toBeCloseTo(expectedSavings, 12);
  });

  it('has span_metrics RED series for the GenAI spans', async () => {
    const calls = await prometheus.until(
      () => prometheus.scalar(`sum(traces_span_metrics_calls_total{service_name="e2e-app",span_name="chat gpt-4.1"})`),
      (value) => value === PLAN.filter((call) => call.model === 'gpt-4.1').length,
      30_000,
      'span_metrics calls',
    );
    expect(calls).toBe(PLAN.filter((call) => call.model === 'gpt-4.1').length);
  });
});

describe('traces', () => {
  it('reached the trace sink with the GenAI attributes', async () => {
    const deadline = Date.now() + 30_000;
    let spans = await readTraceFile(stack!.traceFile);
    while (spans.filter((span) => span.attributes['gen_ai.operation.name'] !== undefined).length < PLAN.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      spans = await readTraceFile(stack!.traceFile);
    }
    const genai = spans.filter((span) => span.attributes['gen_ai.operation.name'] !== undefined);
    expect(genai).toHaveLength(PLAN.length);
    expect(new Set(genai.map((span) => span.attributes['gen_ai.provider.name']))).toEqual(new Set(['openai', 'deepseek', 'anthropic', 'gcp.gemini']));
    const streamed = genai.find((span) => span.attributes['gen_ai.request.stream'] === true && span.name === 'chat gpt-4o-mini')!;
    expect(streamed).toMatchObject({
      name: 'chat gpt-4o-mini',
      kind: 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.usage.input_tokens': 2048,
        'gen_ai.usage.cache_read.input_tokens': 1536,
        'gen_ai.usage.output_tokens': 40,
        'gen_ai.usage.cost.currency': 'USD',
      },
    });
    expect(genai.filter((span) => span.attributes['error.type'] === 'rate_limited')).toHaveLength(12);
    // Every span carries its call's attribution: scope, client attributes and Baggage.
    const attribution = (span: { attributes: Record<string, unknown> }) =>
      `${span.attributes['genai_otel.team']}/${span.attributes['genai_otel.feature']}/${span.attributes['genai_otel.tenant']}`;
    const planned = PLAN.map((call) => `${call.team}/${call.feature}/${call.tenant}`).sort();
    expect(genai.map(attribution).sort()).toEqual(planned);
    expect(genai.filter((span) => span.attributes['gen_ai.provider.name'] === 'deepseek').map(attribution)).toEqual(
      Array.from({ length: 10 }, () => 'support/summaries/globex'),
    );
    // No secret or prompt text left the app.
    const raw = JSON.stringify(spans);
    expect(raw).not.toContain('sk-e2e-not-a-key');
    expect(raw).not.toContain('e2e call');
  });
});

describe('alerts', () => {
  it('Alertmanager, with the files its compose mounts give it, renders the chat and finance messages', async () => {
    // Two alerts posted straight to Alertmanager (no rule needs to fire): a warning routes to chat, team=finance to
    // finance; both receivers' title and text come from templates/*.tmpl beside alertmanager.yml. If the container
    // cannot see the templates, Alertmanager fails each notification with `template "genai.title" not defined`.
    const labels = { gen_ai_provider_name: 'openai', gen_ai_request_model: 'e2e-template-check', deployment_environment_name: 'e2e' };
    const annotations = { summary: 'template check', description: 'posted by the e2e test', runbook_url: 'https://example.invalid/runbook#e2e' };
    const response = await fetch(`${stack!.alertmanager}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { labels: { alertname: 'E2ETemplateCheck', severity: 'warning', ...labels }, annotations },
        { labels: { alertname: 'E2ECostTemplateCheck', severity: 'warning', team: 'finance', long_window: '6h', ...labels }, annotations },
      ]),
    });
    expect(response.status).toBe(200);
    const attachment = (path: string, alertname: string) =>
      webhooks
        .until((entry) => {
          if (entry.path !== path) return undefined;
          const body = entry.body as { attachments?: Array<{ title?: string; text?: string; title_link?: string }> };
          return body.attachments?.find((item) => item.title?.includes(alertname));
        }, 20_000)
        .catch(async (error: Error) => {
          const log = await readFile(stack!.logs['alertmanager']!, 'utf8');
          throw new Error(
            `${error.message}\nalertmanager.log:\n${log
              .split('\n')
              .filter((line) => /level=(error|warn)/.test(line))
              .slice(-5)
              .join('\n')}`,
          );
        });
    const chat = await attachment('/chat', 'E2ETemplateCheck');
    expect(chat.title).toBe('[FIRING:1] E2ETemplateCheck openai e2e-template-check');
    expect(chat.title_link).toBe('https://example.invalid/runbook#e2e');
    expect(chat.text).toContain('*WARNING* template check');
    const finance = await attachment('/finance', 'E2ECostTemplateCheck');
    expect(finance.title).toBe('[cost] [FIRING:1] E2ECostTemplateCheck openai e2e-template-check');
    expect(finance.text).toContain('Spent today:');
  });

  it('loads the project rule files, all healthy', async () => {
    const groups = await prometheus.rules();
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.flatMap((group) => group.rules).filter((rule) => rule.health === 'err')).toEqual([]);
  });

  it(`fires ${RATE_LIMIT_ALERT} (for: 2m) and routes it to the chat receiver through Alertmanager`, async () => {
    // The chat receiver gets Slack-compatible JSON whose title is "[FIRING:n] <alertname> <provider> <model>".
    const title = await webhooks.until((entry) => {
      if (entry.path !== '/chat') return undefined;
      const body = entry.body as { attachments?: Array<{ title?: string }> };
      return body.attachments?.map((attachment) => attachment.title ?? '').find((text) => text.includes(RATE_LIMIT_ALERT));
    });
    expect(title).toMatch(new RegExp(`^\\[FIRING:\\d+\\] ${RATE_LIMIT_ALERT} openai gpt-4\\.1`));
  });

  it(`fires team search's ${BUDGET_ALERT} (for: 2m) and routes it to team-search; team support's budget stays silent`, async () => {
    // Budget alerts go to the owner's receiver (Slack-compatible): "[budget] [FIRING:n] <alertname> <budget>".
    const title = await webhooks.until((entry) => {
      if (entry.path !== '/team-search') return undefined;
      const body = entry.body as { attachments?: Array<{ title?: string }> };
      return body.attachments?.map((attachment) => attachment.title ?? '').find((text) => text.includes(BUDGET_ALERT));
    });
    expect(title).toMatch(new RegExp(`^\\[budget\\] \\[FIRING:1\\] ${BUDGET_ALERT} team=search$`));
    const firing = await prometheus.query(`ALERTS{alertname="${BUDGET_ALERT}",alertstate="firing"}`);
    expect(firing.map((sample) => [sample.metric['budget'], sample.metric['team'], sample.metric['severity']])).toEqual([
      ['team=search', 'search', 'critical'],
    ]);
    // Team support's budget: burning at a tiny fraction of its pace, nothing pending or firing, nothing delivered.
    const supportBurn = await prometheus.scalar('genai_monthly_budget:burn_rate:rate1h{budget="team=support"}');
    expect(supportBurn).toBeGreaterThan(0);
    expect(supportBurn).toBeLessThan(0.01);
    expect(await prometheus.query('ALERTS{budget="team=support"}')).toEqual([]);
    expect(webhooks.received.filter((entry) => entry.path === '/team-support')).toEqual([]);
    // The budget route does not continue: the page went to the owning team, not to finance or the pager.
    expect(webhooks.received.filter((entry) => entry.path !== '/team-search' && JSON.stringify(entry.body).includes('GenAIMonthlyBudget'))).toEqual([]);
  });

  it('pages for the 5xx ratio (critical) with the alert’s labels and runbook', async () => {
    const alert = await webhooks.until((entry) => {
      const body = entry.body as { alerts?: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }> };
      return entry.path === '/pager'
        ? body.alerts?.find((item) => item.labels['alertname'] === 'GenAIServerErrorRatioHigh' && item.status === 'firing')
        : undefined;
    });
    expect(alert.labels).toMatchObject({
      alertname: 'GenAIServerErrorRatioHigh',
      severity: 'critical',
      gen_ai_request_model: 'gpt-4o-mini',
      gen_ai_provider_name: 'openai',
    });
    expect(alert.annotations['runbook_url']).toMatch(/alerts\/runbook\.md#genaiservererrorratiohigh$/);
  });
});

describe('dashboards against the real Prometheus', () => {
  it('every panel query returns at least one series', async () => {
    const queries = dashboardQueries().filter((query) => query.mayBeEmpty === undefined);
    expect(queries.length).toBeGreaterThan(40);
    const empty: string[] = [];
    for (const query of queries) {
      const samples = await prometheus.query(query.expr);
      if (samples.length === 0) empty.push(`${query.dashboardUid} / ${query.panelTitle} / ${query.refId}: ${query.expr}`);
    }
    expect(empty).toEqual([]);
  });
});

describe('genai-otel doctor against the running stack', () => {
  it('passes every check', async () => {
    const bin = join(ROOT, 'packages/node/bin/genai-otel.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'doctor',
      '--otlp',
      stack!.otlpHttp,
      '--collector-health',
      stack!.collectorHealth,
      '--prometheus',
      stack!.prometheus,
      '--alertmanager',
      stack!.alertmanager!,
    ]);
    const lines = stdout.trim().split('\n');
    // The app endpoint is optional (WARN): the app exports OTLP instead.
    expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('PASS'))).toHaveLength(6);
  });
});

describe('remote write', () => {
  it('delivers the same metrics to Prometheus’ remote-write receiver (collector/config-remote-write.yaml)', async () => {
    for (const fake of Object.values(fakes)) fake.reset();
    remoteStack = await startStack({ workDir: join(workDir, 'remote-write'), otelcol: OTELCOL, mode: 'remote-write' });
    const receiver = new PrometheusApi(remoteStack.prometheus);
    await sent(startApp('app-remote-write', remoteStack.otlpHttp));
    const total = await receiver.until(
      () => receiver.scalar(`sum(gen_ai_client_inference_duration_seconds_count${JOB})`),
      (value) => value === PLAN.length,
      60_000,
      'operation count via remote write',
    );
    expect(total).toBe(PLAN.length);
    const { input } = totals();
    expect(
      await receiver.until(
        () => receiver.scalar(`sum(gen_ai_client_inference_usage_input_tokens_total${JOB})`),
        (value) => value === input,
        30_000,
        'input tokens via remote write',
      ),
    ).toBe(input);
    const names = await receiver.metricNames();
    expect(names).toEqual(expect.arrayContaining(['gen_ai_client_operation_cost_USD_bucket', 'traces_span_metrics_calls_total', 'target_info']));
  });
});
