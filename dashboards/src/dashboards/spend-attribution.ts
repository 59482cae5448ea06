// "GenAI / Spend attribution": who spends the money — spend, top spenders, tokens and errors by the attribution
// dimension chosen in the `dimension` variable (team, feature, tenant), cost per call by feature, and each monthly
// budget of alerts/budgets.yaml: month to date against the budget with the end-of-month projection.
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { Board, lastValue, mergedTable, NOT_CALLER_CANCELLED, query, sel, series, thresholds } from '../common.js';

export const SPEND_ATTRIBUTION_UID = 'genai-otel-spend-attribution';

/**
 * The attribution labels the `dimension` variable offers: the keys apps promote to metric dimensions
 * (GENAI_OTEL_METRIC_ATTRIBUTES=feature,team,tenant; instrumentation README "Attribution").
 */
export const DIMENSIONS: ReadonlyArray<{ text: string; value: string }> = [
  { text: 'Team', value: 'genai_otel_team' },
  { text: 'Feature', value: 'genai_otel_feature' },
  { text: 'Tenant', value: 'genai_otel_tenant' },
];

const D = '$dimension';
/** Calls without the dimension's label (not attributed, or the key not promoted) are shown as "(unattributed)". */
const named = (expr: string) => `label_replace(${expr}, "${D}", "(unattributed)", "${D}", "")`;
const COST = (...m: string[]) => `gen_ai_client_operation_cost_USD_sum{${sel(...m)}}`;
const PRICED_CALLS = `gen_ai_client_operation_cost_USD_count{${sel()}}`;
const CALLS = (...m: string[]) => `gen_ai_client_inference_duration_seconds_count{${sel(...m)}}`;
const byDimension = (expr: string) => named(`sum by (${D}) (${expr})`);
const LEGEND = `{{${D}}}`;

function bars(title: string, description: string, unit: string) {
  return new bargauge.PanelBuilder()
    .title(title)
    .description(description)
    .unit(unit)
    .min(0)
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Gradient)
    .reduceOptions(lastValue())
    .valueMode(common.BarGaugeValueMode.Color);
}

/** The `dimension` variable: which attribution label the dimension panels split by (single value, Team first). */
function dimensionVariable(): dashboard.CustomVariableBuilder {
  const [first] = DIMENSIONS;
  return new dashboard.CustomVariableBuilder('dimension')
    .label('Split by')
    .description('The attribution dimension the spend, top-spender, token and error panels split by (promoted attribution keys).')
    .values(DIMENSIONS.map(({ text, value }) => `${text} : ${value}`).join(','))
    .current({ selected: true, text: first!.text, value: first!.value })
    .options(DIMENSIONS.map(({ text, value }, i) => ({ selected: i === 0, text, value })))
    .multi(false)
    .includeAll(false);
}

export function spendAttribution(): dashboard.Dashboard {
  const board = new Board({
    uid: SPEND_ATTRIBUTION_UID,
    title: 'GenAI / Spend attribution',
    description:
      'Who spends the money: spend, top spenders, tokens and errors by team, feature or tenant (the "Split by" variable: attribution keys the apps promote to metric dimensions), cost per call by feature, and each monthly budget (alerts/budgets.yaml) month to date against its amount with the end-of-month projection.',
    tags: ['llm', 'cost', 'attribution'],
  }).link('genai-otel dashboards', ['genai-otel']);
  board.builder.withVariable(dimensionVariable());

  // --- Spend by the chosen dimension ---------------------------------------------------------------------------
  board
    .row('Spend by ${dimension}')
    .panel(
      series(
        'Spend rate by ${dimension}',
        'USD per hour of priced calls, by the chosen attribution dimension; calls without it are "(unattributed)".',
        'currencyUSD',
      )
        .fillOpacity(60)
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)),
      { w: 16, h: 9 },
      [query(`${byDimension(`rate(${COST()}[$__rate_interval])`)} * 3600`, { legend: LEGEND })],
    )
    .panel(
      bars('Top spenders', 'The ten biggest spenders of the chosen dimension over the selected time range (USD, priced calls).', 'currencyUSD').decimals(2),
      { w: 8, h: 9 },
      [query(`topk(10, ${byDimension(`increase(${COST()}[$__range])`)})`, { legend: LEGEND, instant: true })],
    );

  const columns: [string, string, string][] = [
    ['Spend', 'currencyUSD', byDimension(`increase(${COST()}[$__range])`)],
    ['Calls', 'short', byDimension(`increase(${CALLS()}[$__range])`)],
    ['USD per priced call', 'currencyUSD', `${byDimension(`increase(${COST()}[$__range])`)} / ${byDimension(`increase(${PRICED_CALLS}[$__range])`)}`],
    ['Output tokens', 'short', byDimension(`increase(gen_ai_client_inference_usage_output_tokens_total{${sel()}}[$__range])`)],
    [
      'Error ratio',
      'percentunit',
      `(${byDimension(`increase(${CALLS('error_type!=""', NOT_CALLER_CANCELLED)}[$__range])`)} or ${byDimension(`increase(${CALLS()}[$__range])`)} * 0) / ${byDimension(`increase(${CALLS()}[$__range])`)}`,
    ],
  ];
  const scorecard = mergedTable(
    '${dimension} over the time range',
    'One row per value of the chosen dimension over the selected time range: spend, calls, USD per priced call, output tokens and the share of failed calls.',
    [[D]],
    columns,
    'Spend',
  );
  for (const [column, unit] of columns)
    scorecard.overrideByName(column, [{ id: 'unit', value: unit }, ...(column === 'Calls' ? [{ id: 'decimals', value: 0 }] : [])]);
  board.panel(
    scorecard,
    { w: 24, h: 8 },
    columns.map(([, , expr]) => query(expr, { instant: true, format: 'table' })),
  );

  board
    .panel(
      series('Tokens per second by ${dimension}', 'Input and output tokens per second (all modalities), by the chosen dimension.', 'short'),
      { w: 12, h: 8 },
      [
        query(byDimension(`rate(gen_ai_client_inference_usage_input_tokens_total{${sel()}}[$__rate_interval])`), { legend: `${LEGEND} input` }),
        query(byDimension(`rate(gen_ai_client_inference_usage_output_tokens_total{${sel()}}[$__rate_interval])`), { legend: `${LEGEND} output` }),
      ],
    )
    .panel(
      series(
        'Error ratio by ${dimension}',
        "Share of the chosen dimension's calls that failed (any error.type but the caller's own cancellations).",
        'percentunit',
      ).max(1),
      { w: 12, h: 8 },
      [
        query(
          `(${byDimension(`rate(${CALLS('error_type!=""', NOT_CALLER_CANCELLED)}[$__rate_interval])`)} or ${byDimension(`rate(${CALLS()}[$__rate_interval])`)} * 0) / ${byDimension(`rate(${CALLS()}[$__rate_interval])`)}`,
          { legend: LEGEND },
        ),
      ],
    );

  // --- Cost per call by feature --------------------------------------------------------------------------------
  const byFeature = (expr: string) => `label_replace(sum by (genai_otel_feature) (${expr}), "genai_otel_feature", "(unattributed)", "genai_otel_feature", "")`;
  board
    .row('Cost per call by feature')
    .panel(series('Cost per call by feature', 'Mean USD per priced call of each feature (genai_otel.feature), over time.', 'currencyUSD'), { w: 16, h: 8 }, [
      query(`${byFeature(`rate(${COST()}[$__rate_interval])`)} / ${byFeature(`rate(${PRICED_CALLS}[$__rate_interval])`)}`, {
        legend: '{{genai_otel_feature}}',
      }),
    ])
    .panel(
      bars('Cost per call by feature over the range', 'Mean USD per priced call of each feature over the selected time range.', 'currencyUSD').decimals(4),
      { w: 8, h: 8 },
      [
        query(`${byFeature(`increase(${COST()}[$__range])`)} / ${byFeature(`increase(${PRICED_CALLS}[$__range])`)}`, {
          legend: '{{genai_otel_feature}}',
          instant: true,
        }),
      ],
    );

  // --- Monthly budgets -----------------------------------------------------------------------------------------
  board
    .row('Monthly budgets (alerts/budgets.yaml)')
    .panel(
      series(
        'Month to date against budget',
        "Each budget's spend since the 1st (UTC; solid), its monthly amount (dashed) and the end-of-month projection at the last 24 hours' pace (dotted). All services: a budget is for its team, feature or tenant wherever it spends.",
        'currencyUSD',
      )
        .fillOpacity(0)
        .overrideByRegexp('.* budget$', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }])
        .overrideByRegexp('.* projected$', [{ id: 'custom.lineStyle', value: { fill: 'dot', dash: [2, 6] } }]),
      { w: 16, h: 9 },
      [
        query('genai_monthly_budget:cost_usd:month_to_date', { legend: '{{budget}} spent' }),
        query('genai_monthly_budget:budget_usd:monthly', { legend: '{{budget}} budget' }),
        query('genai_monthly_budget:cost_usd:projected_month', { legend: '{{budget}} projected' }),
      ],
    )
    .panel(
      bars(
        'Budget used this month',
        'Share of each monthly budget spent since the 1st (UTC): orange from 80 %, red at 100 % (GenAIMonthlyBudgetExhausted).',
        'percentunit',
      )
        .decimals(1)
        .max(1)
        .thresholds(
          thresholds([
            [null, 'green'],
            [0.8, 'orange'],
            [1, 'red'],
          ]),
        ),
      { w: 8, h: 9 },
      [query('genai_monthly_budget:budget_used:ratio', { legend: '{{budget}}', instant: true })],
    );

  const budgetColumns: [string, string, string][] = [
    ['Spent this month', 'currencyUSD', 'genai_monthly_budget:cost_usd:month_to_date'],
    ['Budget', 'currencyUSD', 'genai_monthly_budget:budget_usd:monthly'],
    ['Used', 'percentunit', 'genai_monthly_budget:budget_used:ratio'],
    ['Projected', 'currencyUSD', 'genai_monthly_budget:cost_usd:projected_month'],
    ['Burn rate (1h)', 'none', 'genai_monthly_budget:burn_rate:rate1h'],
  ];
  const budgetTable = mergedTable(
    'Budgets',
    'One row per budget: spent this month, the monthly amount, the share used, the end-of-month projection and the 1h burn rate (1 = on pace to use exactly the budget in 30 days; the fast alert pages above 14.4). Owner: the team its alerts go to.',
    [
      ['budget', 'Budget name'],
      ['team', 'Owner'],
    ],
    budgetColumns,
    'Used',
  );
  for (const [column, unit] of budgetColumns)
    budgetTable.overrideByName(column, [
      { id: 'unit', value: unit },
      { id: 'decimals', value: 2 },
    ]);
  board.panel(
    budgetTable,
    { w: 14, h: 8 },
    budgetColumns.map(([, , expr]) => query(expr, { instant: true, format: 'table' })),
  );
  board.panel(
    series(
      'Burn rate per budget (1h)',
      'Spend over the last hour / the pace that uses the monthly budget in 30 days. The fast alert pages above 14.4 (2 % of the budget in an hour, with the 5m window too); the slow one warns above 6 over 6h and 30m.',
      'none',
    )
      .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed))
      .thresholds(
        thresholds([
          [null, 'green'],
          [6, 'orange'],
          [14.4, 'red'],
        ]),
      ),
    { w: 10, h: 8 },
    [query('genai_monthly_budget:burn_rate:rate1h', { legend: '{{budget}}' })],
  );

  return board.build();
}
