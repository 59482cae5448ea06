// "GenAI / Model comparison": the selected models side by side — share of requests, latency quantiles, cost
// efficiency and error ratios.
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as piechart from '@grafana/grafana-foundation-sdk/piechart';
import { Board, lastValue, mergedTable, multiTooltip, NOT_CALLER_CANCELLED, query, sel, series } from '../common.js';

export const MODEL_COMPARISON_UID = 'genai-otel-model-comparison';

const BY_MODEL = 'gen_ai_provider_name, gen_ai_request_model';
const MODEL_LEGEND = '{{gen_ai_provider_name}} {{gen_ai_request_model}}';
const REQUESTS = `genai_model:requests:rate5m{${sel()}}`;
const CALLS = (...m: string[]) => `gen_ai_client_inference_duration_seconds_count{${sel(...m)}}`;
const inRange = (selector: string) => `increase(${selector}[$__range])`;

/** p-quantile of successful calls' duration per model from the recording rule's per-model buckets. */
const durationQuantile = (q: number) =>
  `histogram_quantile(${q}, sum by (le, ${BY_MODEL}) (genai_model_le:inference_duration_seconds_bucket:rate5m{${sel()}}))`;

/** Same over the whole time range (raw buckets, successful calls). */
const durationQuantileInRange = (q: number) =>
  `histogram_quantile(${q}, sum by (le, ${BY_MODEL}) (rate(gen_ai_client_inference_duration_seconds_bucket{${sel('error_type=""')}}[$__range])))`;

/** USD per million output tokens over the time range (models without output tokens are left out). */
const USD_PER_MILLION_OUTPUT = `sum by (${BY_MODEL}) (${inRange(`gen_ai_client_operation_cost_USD_sum{${sel()}}`)}) / (sum by (${BY_MODEL}) (${inRange(`gen_ai_client_inference_usage_output_tokens_total{${sel()}}`)}) > 0) * 1e6`;

export function modelComparison(): dashboard.Dashboard {
  const board = new Board({
    uid: MODEL_COMPARISON_UID,
    title: 'GenAI / Model comparison',
    description:
      'The selected models side by side: share of requests, latency quantiles, output cost efficiency (USD per million output tokens) and error ratios. Time-range columns use the whole selected range; time series use the 5-minute recording rules.',
    tags: ['llm', 'models'],
  }).link('genai-otel dashboards', ['genai-otel']);

  // --- Scorecard -----------------------------------------------------------------------------------------------
  const columns: [string, string, string][] = [
    // [column, unit, expr]
    ['Requests', 'short', `sum by (${BY_MODEL}) (${inRange(CALLS())})`],
    [
      'Error ratio',
      'percentunit',
      `(sum by (${BY_MODEL}) (${inRange(CALLS('error_type!=""', NOT_CALLER_CANCELLED))}) or sum by (${BY_MODEL}) (${inRange(CALLS())}) * 0) / sum by (${BY_MODEL}) (${inRange(CALLS())})`,
    ],
    ['p50', 's', durationQuantileInRange(0.5)],
    ['p95', 's', durationQuantileInRange(0.95)],
    ['p99', 's', durationQuantileInRange(0.99)],
    ['Spend', 'currencyUSD', `sum by (${BY_MODEL}) (${inRange(`gen_ai_client_operation_cost_USD_sum{${sel()}}`)})`],
    ['USD / M output tokens', 'currencyUSD', USD_PER_MILLION_OUTPUT],
    [
      'Output tokens / call',
      'short',
      `sum by (${BY_MODEL}) (${inRange(`gen_ai_client_inference_operation_output_tokens_sum{${sel()}}`)}) / sum by (${BY_MODEL}) (${inRange(`gen_ai_client_inference_operation_output_tokens_count{${sel()}}`)})`,
    ],
  ];
  const scorecard = mergedTable(
    'Models over the time range',
    'One row per provider and model over the whole selected time range: calls, share failed, duration quantiles of successful calls, spend, USD per million output tokens (all of the call cost, input included, divided by the output tokens) and mean output tokens per call.',
    [
      ['gen_ai_provider_name', 'Provider'],
      ['gen_ai_request_model', 'Model'],
    ],
    columns,
    'Requests',
  );
  for (const [column, unit] of columns) {
    if (column === 'Error ratio') continue; // below, with its colours
    scorecard.overrideByName(column, [{ id: 'unit', value: unit }, ...(column === 'Requests' ? [{ id: 'decimals', value: 0 }] : [])]);
  }
  scorecard.overrideByName('Error ratio', [
    { id: 'unit', value: 'percentunit' },
    { id: 'custom.cellOptions', value: { type: 'color-text' } },
    {
      id: 'thresholds',
      value: {
        mode: 'absolute',
        steps: [
          { value: null, color: 'green' },
          { value: 0.01, color: 'orange' },
          { value: 0.05, color: 'red' },
        ],
      },
    },
  ]);
  board.row('Scorecard').panel(
    scorecard,
    { w: 24, h: 8 },
    columns.map(([, , expr]) => query(expr, { instant: true, format: 'table' })),
  );

  // --- Share of requests ---------------------------------------------------------------------------------------
  board
    .row('Share of requests')
    .panel(
      new piechart.PanelBuilder()
        .title('Share of requests per model')
        .description('Calls per model over the selected time range.')
        .unit('short')
        .pieType(piechart.PieChartType.Donut)
        .reduceOptions(lastValue())
        .displayLabels([piechart.PieChartLabels.Percent])
        .legend(
          new piechart.PieChartLegendOptionsBuilder()
            .showLegend(true)
            .displayMode(common.LegendDisplayMode.Table)
            .placement(common.LegendPlacement.Right)
            .values([piechart.PieChartLegendValues.Value, piechart.PieChartLegendValues.Percent]),
        )
        .tooltip(multiTooltip()),
      { w: 8, h: 9 },
      [query(`sum by (gen_ai_request_model) (${inRange(CALLS())})`, { legend: '{{gen_ai_request_model}}', instant: true })],
    )
    .panel(
      series('Share of requests per model over time', "Each model's share of the calls per second of the selection (5-minute windows).", 'percentunit')
        .max(1)
        .fillOpacity(60)
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)),
      { w: 16, h: 9 },
      [query(`sum by (${BY_MODEL}) (${REQUESTS}) / ignoring (${BY_MODEL}) group_left sum(${REQUESTS})`, { legend: MODEL_LEGEND })],
    );

  // --- Latency -------------------------------------------------------------------------------------------------
  board.row('Latency quantiles per model');
  for (const q of [0.5, 0.95, 0.99]) {
    board.panel(
      series(`p${Math.round(q * 100)} duration per model`, `p${Math.round(q * 100)} duration of successful calls, per model (5-minute windows).`, 's'),
      { w: 8, h: 8 },
      [query(durationQuantile(q), { legend: MODEL_LEGEND })],
    );
  }
  board
    .panel(series('Time to first token p95 per model', 'Streams only: p95 time from the request to the first chunk.', 's'), { w: 12, h: 8 }, [
      query(`histogram_quantile(0.95, sum by (le, ${BY_MODEL}) (genai_model_le:time_to_first_chunk_seconds_bucket:rate5m{${sel()}}))`, {
        legend: MODEL_LEGEND,
        mayBeEmpty: 'streaming calls only',
      }),
    ])
    .panel(
      series('Output tokens per second per model', 'Output token throughput of each model (gen_ai.client.inference.usage.output_tokens).', 'short'),
      { w: 12, h: 8 },
      [query(`sum by (${BY_MODEL}) (genai_model:output_tokens:rate5m{${sel()}})`, { legend: MODEL_LEGEND })],
    );

  // --- Cost efficiency -----------------------------------------------------------------------------------------
  board
    .row('Cost efficiency')
    .panel(
      new bargauge.PanelBuilder()
        .title('USD per million output tokens')
        .description(
          'Spend over the time range divided by the output tokens over the time range, x 1e6. The spend includes the input tokens: this is what a million tokens of answer cost in practice.',
        )
        .unit('currencyUSD')
        .decimals(2)
        .min(0)
        .orientation(common.VizOrientation.Horizontal)
        .displayMode(common.BarGaugeDisplayMode.Gradient)
        .reduceOptions(lastValue())
        .valueMode(common.BarGaugeValueMode.Color),
      { w: 8, h: 8 },
      [query(USD_PER_MILLION_OUTPUT, { legend: MODEL_LEGEND, instant: true })],
    )
    .panel(
      series('USD per million output tokens over time', 'Spend rate / output token rate x 1e6, per model (5-minute windows).', 'currencyUSD'),
      { w: 8, h: 8 },
      [
        query(
          `sum by (${BY_MODEL}) (genai_model:cost_usd_per_hour:rate5m{${sel()}}) / 3600 / (sum by (${BY_MODEL}) (genai_model:output_tokens:rate5m{${sel()}}) > 0) * 1e6`,
          { legend: MODEL_LEGEND },
        ),
      ],
    )
    .panel(
      new bargauge.PanelBuilder()
        .title('Spend per model')
        .description('USD spent over the selected time range (priced calls only).')
        .unit('currencyUSD')
        .decimals(2)
        .min(0)
        .orientation(common.VizOrientation.Horizontal)
        .displayMode(common.BarGaugeDisplayMode.Gradient)
        .reduceOptions(lastValue())
        .valueMode(common.BarGaugeValueMode.Color),
      { w: 8, h: 8 },
      [
        query(`sum by (${BY_MODEL}) (${inRange(`gen_ai_client_operation_cost_USD_sum{${sel()}}`)})`, {
          legend: MODEL_LEGEND,
          instant: true,
        }),
      ],
    );

  // --- Errors --------------------------------------------------------------------------------------------------
  board
    .row('Errors per model')
    .panel(
      series(
        'Error ratio per model',
        "Share of each model's calls that failed, any error.type but the caller's own cancellations (aborted, stream_cancelled), over the selected services.",
        'percentunit',
      ),
      { w: 12, h: 8 },
      [
        query(
          `(sum by (${BY_MODEL}) (genai_model_error_type:requests:rate5m{${sel(NOT_CALLER_CANCELLED)}}) or sum by (${BY_MODEL}) (${REQUESTS}) * 0) / sum by (${BY_MODEL}) (${REQUESTS})`,
          { legend: MODEL_LEGEND },
        ),
      ],
    )
    .panel(
      series(
        '429 / 5xx / timeout ratio per service and model',
        'The ratios the alerts use (genai_model:rate_limited / server_errors / timeouts :ratio_rate5m), one line per service, operation and model.',
        'percentunit',
      ),
      { w: 12, h: 8 },
      [
        query(`genai_model:rate_limited:ratio_rate5m{${sel()}}`, { legend: `429 ${MODEL_LEGEND} ({{job}})` }),
        query(`genai_model:server_errors:ratio_rate5m{${sel()}}`, { legend: `5xx ${MODEL_LEGEND} ({{job}})` }),
        query(`genai_model:timeouts:ratio_rate5m{${sel()}}`, { legend: `timeout ${MODEL_LEGEND} ({{job}})` }),
      ],
    );

  return board.build();
}
