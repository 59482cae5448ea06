// "GenAI / LLM overview": traffic, errors, latency, tokens, cost, rate-limit headroom and retries of the LLM calls
// of the selected services, providers and models.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import { Board, colorOverride, lastValue, listLegend, query, sel, series, thresholds } from '../common.js';

export const LLM_OVERVIEW_UID = 'genai-otel-llm-overview';

// Recording rules (alerts/rules/genai-recording.yaml), filtered by the service / provider / model variables.
const REQUESTS = `genai_model:requests:rate5m{${sel()}}`;
const FAILED = (...m: string[]) => `genai_model_error_type:requests:rate5m{${sel(...m)}}`;
const DURATION_BUCKETS = `genai_model_le:inference_duration_seconds_bucket:rate5m{${sel()}}`;
const TTFT_BUCKETS = `genai_model_le:time_to_first_chunk_seconds_bucket:rate5m{${sel()}}`;
const COST_PER_HOUR = `genai_model:cost_usd_per_hour:rate5m{${sel()}}`;
// Provider-billed vs measured cost (alerts/config.mjs providerBilling): org-wide, so by provider only, no service.
const BILLING_MEASURED = `genai_billing:measured_cost_usd:increase1d{gen_ai_provider_name=~"$provider"}`;
const BILLING_BILLED = `genai_billing:provider_cost_usd:increase1d{gen_ai_provider_name=~"$provider"}`;
const BILLING_POLLER = "only while `genai-otel usage-poller` reads the provider's cost report (OPENAI_ADMIN_KEY / ANTHROPIC_ADMIN_KEY)";
const BILLING_DELAY = 'the measured side is read 30 min earlier (providerBilling.delay): empty in the first 30 minutes of data';
const BY_MODEL = 'gen_ai_provider_name, gen_ai_request_model';
const MODEL_LEGEND = '{{gen_ai_provider_name}} {{gen_ai_request_model}}';
/** Why the guard panels may be empty. */
const GUARD = 'only apps that configure the genai-otel guard emit genai_otel_guard_* series';

/** Share of all calls failing with the given error_type matcher (0 while there are calls but no such failure). */
function errorShare(matcher: string): string {
  return `(sum(${FAILED(matcher)}) or vector(0)) / sum(${REQUESTS})`;
}

/** A stat of one error class's share of all calls: green, orange from 1 %, red from 5 %. */
function errorShareStat(title: string, description: string) {
  return smallStat(title, description, 'percentunit')
    .colorMode(common.BigValueColorMode.Background)
    .thresholds(
      thresholds([
        [null, 'green'],
        [0.01, 'orange'],
        [0.05, 'red'],
      ]),
    );
}

const RATE_LIMITED = 'error_type="rate_limited"';
const SERVER_ERRORS = 'error_type=~"overloaded|server_error"';
const TIMEOUTS = 'error_type="timeout"';

function smallStat(title: string, description: string, unit: string) {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .unit(unit)
    .reduceOptions(lastValue())
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Value);
}

export function llmOverview(): dashboard.Dashboard {
  const board = new Board({
    uid: LLM_OVERVIEW_UID,
    title: 'GenAI / LLM overview',
    description:
      'LLM calls of the selected services: request rate, errors by error.type, latency, tokens, cost, rate-limit headroom and retries. Metrics from @genai-otel/instrumentation through the OpenTelemetry Collector; most panels read the recording rules of alerts/rules/genai-recording.yaml (5-minute windows).',
    tags: ['llm', 'overview'],
  }).link('genai-otel dashboards', ['genai-otel']);

  // --- Summary -------------------------------------------------------------------------------------------------
  board
    .row('Summary')
    .panel(smallStat('Requests', 'LLM calls per second, every outcome.', 'reqps'), { w: 3, h: 4 }, [query(`sum(${REQUESTS})`)])
    .panel(
      smallStat('Error ratio', 'Share of all calls that failed (any error.type).', 'percentunit').thresholds(
        thresholds([
          [null, 'green'],
          [0.01, 'orange'],
          [0.05, 'red'],
        ]),
      ),
      { w: 3, h: 4 },
      [query(`(sum(${FAILED()}) or vector(0)) / sum(${REQUESTS})`)],
    )
    .panel(
      smallStat('p95 latency', 'p95 duration of successful calls (5-minute window).', 's').thresholds(
        thresholds([
          [null, 'green'],
          [2, 'orange'],
          [10, 'red'],
        ]),
      ),
      { w: 3, h: 4 },
      [query(`histogram_quantile(0.95, sum by (le) (${DURATION_BUCKETS}))`)],
    )
    .panel(smallStat('Spend rate', 'USD per hour at the pace of the last 5 minutes (priced calls only).', 'currencyUSD').decimals(2), { w: 3, h: 4 }, [
      query(`sum(${COST_PER_HOUR})`),
    ])
    .panel(
      smallStat(
        'Spend today',
        "USD spent since midnight (the dashboard's time zone) by the selected services, providers and models: the increase of gen_ai.client.operation.cost's sum over today. Calls whose cost is unknown are not in it.",
        'currencyUSD',
      )
        .decimals(2)
        .timeFrom('now/d')
        .hideTimeOverride(false)
        .graphMode(common.BigValueGraphMode.None),
      { w: 3, h: 4 },
      [query(`sum(increase(gen_ai_client_operation_cost_USD_sum{${sel()}}[$__range]))`, { instant: true })],
    )
    .panel(
      smallStat(
        'Projected month',
        "USD for the current calendar month at the last 24 hours' pace (rate over 1d x seconds in this month), for the selected services, providers and models.",
        'currencyUSD',
      )
        .decimals(0)
        .graphMode(common.BigValueGraphMode.None),
      { w: 3, h: 4 },
      [query(`sum(rate(gen_ai_client_operation_cost_USD_sum{${sel()}}[1d])) * 86400 * scalar(days_in_month())`, { instant: true })],
    )
    .panel(
      smallStat(
        'Daily budget used',
        'Spend since 00:00 UTC of EVERY service (not filtered) against the daily budget of the alert rules (genai_budget:cost_usd:spend_today / genai:cost_budget_usd:daily).',
        'percentunit',
      )
        .thresholds(
          thresholds([
            [null, 'green'],
            [0.8, 'orange'],
            [1, 'red'],
          ]),
        )
        .graphMode(common.BigValueGraphMode.None),
      { w: 3, h: 4 },
      [
        query('genai_budget:cost_usd:spend_today / genai:cost_budget_usd:daily', {
          instant: true,
          mayBeEmpty:
            'the budget rules run once a minute and spend_today sums whole minutes: empty for up to ~2 minutes after Prometheus starts evaluating them',
        }),
      ],
    )
    .panel(
      smallStat(
        'Unpriced calls',
        'Share of calls whose cost is unknown (unknown model or provider, no usage, aborted, ...): they are missing from every spend figure.',
        'percentunit',
      ).thresholds(
        thresholds([
          [null, 'green'],
          [0.01, 'orange'],
          [0.1, 'red'],
        ]),
      ),
      { w: 3, h: 4 },
      [query(`(sum(genai_model_reason:cost_unknown_calls:rate5m{${sel()}}) or vector(0)) / sum(${REQUESTS})`)],
    );

  // --- Traffic and errors --------------------------------------------------------------------------------------
  board
    .row('Traffic and errors')
    .panel(series('Request rate by model and provider', 'LLM calls per second, every outcome.', 'reqps'), { w: 24, h: 8 }, [
      query(`sum by (${BY_MODEL}) (${REQUESTS})`, { legend: MODEL_LEGEND }),
    ])
    .panel(errorShareStat('429 rate limited', 'Share of all calls answered HTTP 429 (error.type rate_limited).'), { w: 4, h: 8 }, [
      query(errorShare(RATE_LIMITED)),
    ])
    .panel(errorShareStat('5xx', 'Share of all calls failing with a provider-side 5xx: overloaded (503, 529) or server_error.'), { w: 4, h: 8 }, [
      query(errorShare(SERVER_ERRORS)),
    ])
    .panel(errorShareStat('Timeouts', 'Share of all calls that timed out (HTTP 408, connect/headers/body timeouts, SDK timeouts).'), { w: 4, h: 8 }, [
      query(errorShare(TIMEOUTS)),
    ])
    .panel(
      series(
        'Error ratio by error.type',
        'Share of ALL calls failing with each error.type. 429 (rate_limited), 5xx (overloaded + server_error) and timeout always come first; the other error types follow when they occur.',
        'percentunit',
      )
        .overrideByName('429 rate_limited', colorOverride('orange'))
        .overrideByName('5xx overloaded + server_error', colorOverride('red'))
        .overrideByName('timeout', colorOverride('purple')),
      { w: 12, h: 8 },
      [
        query(errorShare(RATE_LIMITED), { legend: '429 rate_limited' }),
        query(errorShare(SERVER_ERRORS), { legend: '5xx overloaded + server_error' }),
        query(errorShare(TIMEOUTS), { legend: 'timeout' }),
        query(
          `sum by (error_type) (${FAILED('error_type!~"rate_limited|overloaded|server_error|timeout"')}) / ignoring (error_type) group_left sum(${REQUESTS})`,
          {
            legend: '{{error_type}}',
            mayBeEmpty: 'only when calls fail with an error.type other than rate_limited, overloaded, server_error, timeout',
          },
        ),
      ],
    );

  // --- Latency -------------------------------------------------------------------------------------------------
  board
    .row('Latency')
    .panel(
      series(
        'Call duration p50 / p95 / p99',
        'Duration of successful calls (gen_ai.client.inference.duration without error.type; failures have their own ratios). Streams: until the last chunk.',
        's',
      ),
      { w: 8, h: 8 },
      [0.5, 0.95, 0.99].map((q) => query(`histogram_quantile(${q}, sum by (le) (${DURATION_BUCKETS}))`, { legend: `p${Math.round(q * 100)}` })),
    )
    .panel(
      series(
        'Time to first token p95',
        'Streams only: p95 of the time from the request to the first chunk (gen_ai.client.inference.time_to_first_chunk), per model and over all.',
        's',
      ),
      { w: 8, h: 8 },
      [
        query(`histogram_quantile(0.95, sum by (le) (${TTFT_BUCKETS}))`, {
          legend: 'all models',
          mayBeEmpty: 'streaming calls only',
        }),
        query(`histogram_quantile(0.95, sum by (le, ${BY_MODEL}) (${TTFT_BUCKETS}))`, {
          legend: MODEL_LEGEND,
          mayBeEmpty: 'streaming calls only',
        }),
      ],
    )
    .panel(
      series('Time per output chunk (mean)', 'Streams only: mean time between two output chunks (gen_ai.client.inference.time_per_output_chunk).', 's'),
      { w: 8, h: 8 },
      [
        query(
          `sum by (${BY_MODEL}) (rate(gen_ai_client_inference_time_per_output_chunk_seconds_sum{${sel()}}[$__rate_interval])) / sum by (${BY_MODEL}) (rate(gen_ai_client_inference_time_per_output_chunk_seconds_count{${sel()}}[$__rate_interval]))`,
          { legend: MODEL_LEGEND, mayBeEmpty: 'streaming calls only' },
        ),
      ],
    );

  // --- Tokens --------------------------------------------------------------------------------------------------
  const tokens = (rule: string) => `sum(genai_model:${rule}:rate5m{${sel()}})`;
  board
    .row('Tokens')
    .panel(
      series(
        'Tokens per second by type',
        'Input tokens include cache reads and writes; output tokens include reasoning tokens (OpenTelemetry GenAI conventions). Cache writes: providers that report them (Anthropic); reasoning: reasoning models.',
        'short',
      ),
      { w: 12, h: 8 },
      [
        query(tokens('input_tokens'), { legend: 'input' }),
        query(tokens('output_tokens'), { legend: 'output' }),
        query(tokens('cache_read_input_tokens'), {
          legend: 'cache read',
          mayBeEmpty: 'only providers/models reporting cached input tokens',
        }),
        query(tokens('cache_write_input_tokens'), {
          legend: 'cache write',
          mayBeEmpty: 'only providers reporting cache writes (Anthropic), not OpenAI',
        }),
        query(tokens('reasoning_output_tokens'), {
          legend: 'reasoning',
          mayBeEmpty: 'only providers/models reporting reasoning tokens',
        }),
      ],
    )
    .panel(
      series(
        'Prompt-cache hit ratio',
        'Share of input tokens read from the provider cache: over all input tokens of the selection, and per model (models that report cached tokens).',
        'percentunit',
      ).max(1),
      { w: 12, h: 8 },
      [
        query(`${tokens('cache_read_input_tokens')} / ${tokens('input_tokens')}`, {
          legend: 'all input tokens',
          mayBeEmpty: 'only providers/models reporting cached input tokens',
        }),
        query(
          `sum by (${BY_MODEL}) (genai_model:cache_read_input_tokens:rate5m{${sel()}}) / sum by (${BY_MODEL}) (genai_model:input_tokens:rate5m{${sel()}})`,
          { legend: MODEL_LEGEND, mayBeEmpty: 'only providers/models reporting cached input tokens' },
        ),
      ],
    );

  // --- Cost ----------------------------------------------------------------------------------------------------
  board
    .row('Cost')
    .panel(
      series(
        'Spend rate by model (USD per hour)',
        'USD per hour at the pace of the last 5 minutes, from gen_ai.client.operation.cost (priced calls only; see "Unpriced calls").',
        'currencyUSD',
      )
        .axisLabel('USD / hour')
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)),
      { w: 12, h: 8 },
      [query(`sum by (${BY_MODEL}) (${COST_PER_HOUR})`, { legend: MODEL_LEGEND })],
    )
    .panel(
      new heatmap.PanelBuilder()
        .title('Cost per request')
        .description(
          'Distribution of the cost of single calls (gen_ai.client.operation.cost histogram buckets, USD 0.0001 ... 10); the color is calls per second in each bucket.',
        )
        .calculate(false)
        .yAxis(new heatmap.YAxisConfigBuilder().unit('currencyUSD').decimals(4))
        .cellValues(new heatmap.CellValuesBuilder().unit('reqps'))
        .color(
          new heatmap.HeatmapColorOptionsBuilder()
            .mode(heatmap.HeatmapColorMode.Scheme)
            .scheme('Oranges')
            .scale(heatmap.HeatmapColorScale.Exponential)
            .exponent(0.5)
            .steps(64),
        )
        .showLegend()
        .tooltip(new heatmap.HeatmapTooltipBuilder().mode(common.TooltipDisplayMode.Single).yHistogram(true)),
      { w: 12, h: 8 },
      [
        query(`sum by (le) (rate(gen_ai_client_operation_cost_USD_bucket{${sel()}}[$__rate_interval]))`, {
          legend: '{{le}}',
          format: 'heatmap',
        }),
      ],
    )
    .panel(series('Mean cost per call', 'USD per priced call, by model.', 'currencyUSD').decimals(5), { w: 8, h: 8 }, [
      query(
        `sum by (${BY_MODEL}) (rate(gen_ai_client_operation_cost_USD_sum{${sel()}}[$__rate_interval])) / sum by (${BY_MODEL}) (rate(gen_ai_client_operation_cost_USD_count{${sel()}}[$__rate_interval]))`,
        { legend: MODEL_LEGEND },
      ),
    ])
    .panel(
      series(
        'Unpriced calls by reason',
        'Calls per second whose cost is unknown, by genai_otel.cost.unknown_reason (unknown_model, unknown_provider, no_usage, aborted, error_billing_unknown, unsupported_usage, ...). Their cost is never counted as $0.',
        'reqps',
      ),
      { w: 8, h: 8 },
      [
        query(`sum by (genai_otel_cost_unknown_reason) (genai_model_reason:cost_unknown_calls:rate5m{${sel()}})`, {
          legend: '{{genai_otel_cost_unknown_reason}}',
          mayBeEmpty: 'only when a call cost cannot be computed (unknown model/provider, no usage, aborted, ...)',
        }),
      ],
    )
    .panel(
      series(
        'Measured vs provider-billed cost (last 24 h) and drift',
        "USD over the trailing 24 hours, per provider: what genai-otel measured (gen_ai.client.operation.cost, every service, read 30 min earlier for the bill's reporting delay) next to what the provider itself bills (its cost report, genai_otel.provider.cost from `genai-otel usage-poller`); drift = (measured - billed) / billed on the right axis. GenAIProviderCostDrift fires beyond ±10 % per model (recording rules genai_billing:*). Not filtered by service: the provider bills the whole organization.",
        'currencyUSD',
      )
        .axisLabel('USD / 24 h')
        .overrideByRegexp('^drift .*', [
          { id: 'unit', value: 'percentunit' },
          { id: 'min', value: -1 },
          { id: 'custom.axisPlacement', value: 'right' },
          { id: 'custom.axisLabel', value: 'drift' },
          { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
        ]),
      { w: 8, h: 8 },
      [
        query(`sum by (gen_ai_provider_name) (${BILLING_MEASURED})`, {
          legend: 'measured {{gen_ai_provider_name}}',
          mayBeEmpty: BILLING_DELAY,
        }),
        query(`sum by (gen_ai_provider_name) (${BILLING_BILLED})`, {
          legend: 'provider-billed {{gen_ai_provider_name}}',
          mayBeEmpty: BILLING_POLLER,
        }),
        query(
          `(sum by (gen_ai_provider_name) (${BILLING_MEASURED}) or sum by (gen_ai_provider_name) (${BILLING_BILLED}) * 0) / (sum by (gen_ai_provider_name) (${BILLING_BILLED}) > 0) - 1`,
          { legend: 'drift {{gen_ai_provider_name}}', mayBeEmpty: BILLING_POLLER },
        ),
      ],
    );

  // --- Rate limits and retries ---------------------------------------------------------------------------------
  const headroom = (kind: 'requests' | 'tokens') =>
    `min by (${BY_MODEL}) (genai_otel_ratelimit_remaining_${kind}{${sel()}} / genai_otel_ratelimit_limit_${kind}{${sel()}})`;
  const RATELIMIT_HEADERS = 'only providers sending x-ratelimit-* / anthropic-ratelimit-* headers';
  const headroomGauge = (kind: 'requests' | 'tokens') =>
    new gauge.PanelBuilder()
      .title(`Remaining ${kind} (share of limit)`)
      .description(`Lowest remaining-${kind} / limit-${kind} the provider's rate-limit headers reported (genai_otel.ratelimit.*), per model.`)
      .unit('percentunit')
      .min(0)
      .max(1)
      .reduceOptions(lastValue())
      .showThresholdMarkers(true)
      .thresholds(
        thresholds([
          [null, 'red'],
          [0.1, 'orange'],
          [0.25, 'green'],
        ]),
      );
  board
    .row('Rate limits and retries')
    .panel(headroomGauge('requests'), { w: 6, h: 8 }, [query(headroom('requests'), { legend: MODEL_LEGEND, instant: true, mayBeEmpty: RATELIMIT_HEADERS })])
    .panel(headroomGauge('tokens'), { w: 6, h: 8 }, [query(headroom('tokens'), { legend: MODEL_LEGEND, instant: true, mayBeEmpty: RATELIMIT_HEADERS })])
    .panel(
      series(
        'Remaining requests and tokens',
        "Lowest remaining budget the provider's rate-limit headers reported, across instances (recording rules genai_model:ratelimit_remaining_*:min).",
        'short',
      )
        .legend(listLegend())
        .overrideByRegexp('^tokens .*', [{ id: 'custom.axisPlacement', value: 'right' }]),
      { w: 12, h: 8 },
      [
        query(`min by (${BY_MODEL}) (genai_model:ratelimit_remaining_requests:min{${sel()}})`, {
          legend: `requests ${MODEL_LEGEND}`,
          mayBeEmpty: RATELIMIT_HEADERS,
        }),
        query(`min by (${BY_MODEL}) (genai_model:ratelimit_remaining_tokens:min{${sel()}})`, {
          legend: `tokens ${MODEL_LEGEND}`,
          mayBeEmpty: RATELIMIT_HEADERS,
        }),
      ],
    )
    .panel(
      series(
        'Retry-after and reset times',
        'retry-after of the last 429/529 (genai_otel.ratelimit.retry_after) and the time until the request/token budgets reset, per model.',
        's',
      ).legend(listLegend()),
      { w: 12, h: 8 },
      [
        query(`max by (${BY_MODEL}) (genai_otel_ratelimit_retry_after_seconds{${sel()}})`, {
          legend: `retry-after ${MODEL_LEGEND}`,
          mayBeEmpty: 'only after a 429/529 response carrying retry-after / retry-after-ms',
        }),
        query(`max by (${BY_MODEL}) (genai_otel_ratelimit_reset_requests_seconds{${sel()}})`, {
          legend: `requests reset ${MODEL_LEGEND}`,
          mayBeEmpty: RATELIMIT_HEADERS,
        }),
        query(`max by (${BY_MODEL}) (genai_otel_ratelimit_reset_tokens_seconds{${sel()}})`, {
          legend: `tokens reset ${MODEL_LEGEND}`,
          mayBeEmpty: RATELIMIT_HEADERS,
        }),
      ],
    )
    .panel(
      series(
        'Retries: attempts vs operations',
        'HTTP attempts (first tries + SDK retries, genai_otel.client.attempts) against operations (calls as the app sees them); attempts per operation on the right axis (1 = no retries).',
        'reqps',
      ).overrideByName('attempts per operation', [
        { id: 'unit', value: 'none' },
        { id: 'decimals', value: 2 },
        { id: 'custom.axisPlacement', value: 'right' },
        { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
      ]),
      { w: 12, h: 8 },
      [
        query(`sum(genai_model:attempts:rate5m{${sel()}})`, { legend: 'attempts' }),
        query(`sum(${REQUESTS})`, { legend: 'operations' }),
        query(`sum(genai_model:attempts:rate5m{${sel()}}) / sum(${REQUESTS})`, { legend: 'attempts per operation' }),
      ],
    )
    .panel(series('Failed attempts by error.type', 'HTTP attempts per second that failed, retried or not, by error.type.', 'reqps'), { w: 12, h: 8 }, [
      query(`sum by (error_type) (rate(genai_otel_client_attempts_total{${sel('error_type!=""')}}[$__rate_interval]))`, {
        legend: '{{error_type}}',
        mayBeEmpty: 'only when attempts fail',
      }),
    ])
    .panel(
      new statetimeline.PanelBuilder()
        .title('Circuit breaker state')
        .description(
          'State of the genai-otel guard circuit breakers, one per provider and model (genai_otel.guard.breaker.state): 0 closed, 1 open (calls rejected or sent to the fallback), 2 half-open (trial calls). Only apps that configure the guard report it.',
        )
        .mappings([
          {
            type: dashboard.MappingType.ValueToText,
            options: {
              '0': { text: 'closed', color: 'green', index: 0 },
              '1': { text: 'open', color: 'red', index: 1 },
              '2': { text: 'half-open', color: 'orange', index: 2 },
            },
          },
        ])
        .showValue(common.VisibilityMode.Auto)
        .legend(listLegend()),
      { w: 12, h: 8 },
      [
        query(`max by (${BY_MODEL}) (genai_otel_guard_breaker_state{${sel()}})`, {
          legend: MODEL_LEGEND,
          mayBeEmpty: GUARD,
        }),
      ],
    )
    .panel(
      series(
        'Guard: rejected and fallback calls',
        'Calls per second the genai-otel guard failed fast without sending them (genai_otel.guard.rejections: circuit_open, rate_limited = 429 cool-down, queue_full) and calls it sent to the fallback base URL (genai_otel.guard.fallbacks), by reason.',
        'reqps',
      ).legend(listLegend()),
      { w: 12, h: 8 },
      [
        query(`sum by (${BY_MODEL}, genai_otel_guard_reason) (rate(genai_otel_guard_rejections_total{${sel()}}[$__rate_interval]))`, {
          legend: `rejected {{genai_otel_guard_reason}} ${MODEL_LEGEND}`,
          mayBeEmpty: `${GUARD}, when it rejects calls`,
        }),
        query(`sum by (${BY_MODEL}, genai_otel_guard_reason) (rate(genai_otel_guard_fallbacks_total{${sel()}}[$__rate_interval]))`, {
          legend: `fallback {{genai_otel_guard_reason}} ${MODEL_LEGEND}`,
          mayBeEmpty: `${GUARD}, with a fallback base URL, when it uses it`,
        }),
      ],
    );

  return board.build();
}
