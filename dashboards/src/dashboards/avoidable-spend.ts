// "GenAI / Avoidable spend": spend that could have been saved — repeated identical requests a response cache would have
// answered, prompt-cache misses, Anthropic cache writes never read — and what prompt caching already saves, by model
// (the avoidable-spend metrics of @genai-otel/instrumentation, README "Avoidable spend"; alert GenAIAvoidableSpendHigh).
import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import { Board, lastValue, mergedTable, query, sel, series, thresholds } from '../common.js';

export const AVOIDABLE_SPEND_UID = 'genai-otel-avoidable-spend';

const BY_MODEL = 'gen_ai_provider_name, gen_ai_request_model';
const MODEL_LEGEND = '{{gen_ai_provider_name}} {{gen_ai_request_model}}';

const SPEND = `gen_ai_client_operation_cost_USD_sum{${sel()}}`;
const REPEAT_COST = (sampling: 'fixed' | 'varied') => `genai_otel_repeat_cost_USD_total{${sel(`genai_otel_request_sampling="${sampling}"`)}}`;
const REPEATS = (sampling: 'fixed' | 'varied') => `genai_otel_repeats_total{${sel(`genai_otel_request_sampling="${sampling}"`)}}`;
const MISS_COST = `genai_otel_prompt_cache_miss_cost_USD_total{${sel()}}`;
const MISSES = `genai_otel_prompt_cache_misses_total{${sel()}}`;
const UNREAD_WRITE_COST = `genai_otel_prompt_cache_unread_write_cost_USD_total{${sel()}}`;
const SAVINGS = `genai_otel_prompt_cache_savings_USD_total{${sel()}}`;

const inRange = (selector: string) => `increase(${selector}[$__range])`;
const perHour = (selector: string) => `rate(${selector}[$__rate_interval]) * 3600`;

/** A sum over the time range, 0 (instead of no data) when the metric has no series yet. */
const total = (selector: string) => `(sum(${inRange(selector)}) or vector(0))`;
/** Per model over the time range; a model with spend but no series of this metric counts 0. */
const byModel = (selector: string) => `(sum by (${BY_MODEL}) (${inRange(selector)}) or sum by (${BY_MODEL}) (${inRange(SPEND)}) * 0)`;

/** What a response cache and the prompt cache would have saved: repeats with fixed sampling, misses, unread writes. */
const AVOIDABLE_TOTAL = `${total(REPEAT_COST('fixed'))} + ${total(MISS_COST)} + ${total(UNREAD_WRITE_COST)}`;
const AVOIDABLE_BY_MODEL = `${byModel(REPEAT_COST('fixed'))} + ${byModel(MISS_COST)} + ${byModel(UNREAD_WRITE_COST)}`;

const UNREAD_WRITES_LATER =
  'only Anthropic cache writes nothing read, counted once their TTL (5 minutes or 1 hour) has run out; none while every write is read';

function bigNumber(title: string, description: string, unit: string) {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .unit(unit)
    .reduceOptions(lastValue())
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Value);
}

export function avoidableSpend(): dashboard.Dashboard {
  const board = new Board({
    uid: AVOIDABLE_SPEND_UID,
    title: 'GenAI / Avoidable spend',
    description:
      'Spend that could have been saved: repeated identical requests a response cache would have answered (fixed sampling: temperature 0, a seed, embeddings; varied-sampling repeats are shown apart and not counted as avoidable), prompt-cache misses on prompts long enough to be cached, and Anthropic cache writes never read; and what prompt caching saves already. Over the selected time range unless a panel says per hour.',
    tags: ['llm', 'cost'],
  }).link('genai-otel dashboards', ['genai-otel']);

  // --- Summary -------------------------------------------------------------------------------------------------------
  board
    .row('Avoidable spend')
    .panel(
      bigNumber(
        'Avoidable spend',
        'USD over the time range that a response cache or the prompt cache would have saved: the cost of repeats with fixed sampling + what the prompt-cache misses would have saved as cache reads (an upper bound) + the premium of cache writes nothing read.',
        'currencyUSD',
      ).decimals(4),
      { w: 6, h: 4 },
      [query(AVOIDABLE_TOTAL, { instant: true })],
    )
    .panel(
      bigNumber(
        'Avoidable share of spend',
        'Avoidable spend / all spend over the time range (the alert GenAIAvoidableSpendHigh fires on this share over a day).',
        'percentunit',
      )
        .decimals(1)
        .thresholds(
          thresholds([
            [null, 'green'],
            [0.1, 'orange'],
            [0.2, 'red'],
          ]),
        ),
      { w: 6, h: 4 },
      [query(`(${AVOIDABLE_TOTAL}) / (sum(${inRange(SPEND)}) > 0)`, { instant: true })],
    )
    .panel(
      bigNumber(
        'Repeated calls (fixed sampling)',
        'Answered calls that repeated a request answered within the repeat window (1 hour by default): a response cache would have answered them.',
        'short',
      ).decimals(0),
      { w: 6, h: 4 },
      [query(total(REPEATS('fixed')), { instant: true })],
    )
    .panel(
      bigNumber(
        'Prompt-cache savings',
        'What prompt caching saved over the time range: cache-read tokens at the input price minus what they cost.',
        'currencyUSD',
      ).decimals(4),
      { w: 6, h: 4 },
      [query(total(SAVINGS), { instant: true })],
    );

  // --- By model ------------------------------------------------------------------------------------------------------
  const columns: [column: string, unit: string, expr: string, mayBeEmpty?: string][] = [
    ['Spend', 'currencyUSD', `sum by (${BY_MODEL}) (${inRange(SPEND)})`],
    ['Avoidable', 'currencyUSD', AVOIDABLE_BY_MODEL],
    ['Repeat spend (fixed)', 'currencyUSD', byModel(REPEAT_COST('fixed'))],
    ['Repeat spend (varied)', 'currencyUSD', byModel(REPEAT_COST('varied'))],
    ['Repeats (fixed)', 'short', byModel(REPEATS('fixed'))],
    ['Cache misses', 'short', byModel(MISSES)],
    ['Miss cost', 'currencyUSD', byModel(MISS_COST)],
    ['Unread-write premium', 'currencyUSD', byModel(UNREAD_WRITE_COST)],
    ['Cache savings', 'currencyUSD', byModel(SAVINGS)],
  ];
  const scorecard = mergedTable(
    'Avoidable spend by model over the time range',
    'One row per provider and model: spend, avoidable spend (fixed-sampling repeats + miss cost + unread-write premium), repeat spend by sampling, repeated calls, prompt-cache misses and what they would have saved, the premium of cache writes nothing read, and what caching saved.',
    [
      ['gen_ai_provider_name', 'Provider'],
      ['gen_ai_request_model', 'Model'],
    ],
    columns,
    'Avoidable',
  );
  for (const [column, unit] of columns) {
    scorecard.overrideByName(column, [{ id: 'unit', value: unit }, ...(unit === 'short' ? [{ id: 'decimals', value: 0 }] : [{ id: 'decimals', value: 4 }])]);
  }
  board.panel(
    scorecard,
    { w: 24, h: 8 },
    columns.map(([, , expr]) => query(expr, { instant: true, format: 'table' })),
  );

  board
    .panel(
      new bargauge.PanelBuilder()
        .title('Top avoidable spend by model')
        .description('Avoidable spend per model over the time range (fixed-sampling repeats + miss cost + unread-write premium), largest first.')
        .unit('currencyUSD')
        .decimals(4)
        .min(0)
        .orientation(common.VizOrientation.Horizontal)
        .displayMode(common.BarGaugeDisplayMode.Gradient)
        .reduceOptions(lastValue())
        .valueMode(common.BarGaugeValueMode.Color),
      { w: 12, h: 8 },
      [query(`sort_desc(${AVOIDABLE_BY_MODEL})`, { legend: MODEL_LEGEND, instant: true })],
    )
    .panel(
      series(
        'Repeat spend per hour',
        'USD per hour spent on repeated identical requests, per model and sampling: fixed (a response cache would have answered them) and varied (temperature > 0 without a seed, or several choices: caching would change the answers).',
        'currencyUSD',
      ),
      { w: 12, h: 8 },
      [
        query(`sum by (${BY_MODEL}) (${perHour(REPEAT_COST('fixed'))})`, { legend: `${MODEL_LEGEND} fixed` }),
        query(`sum by (${BY_MODEL}) (${perHour(REPEAT_COST('varied'))})`, { legend: `${MODEL_LEGEND} varied` }),
      ],
    )
    .panel(
      series(
        'Prompt-cache miss cost and unread writes per hour',
        'USD per hour the prompt-cache misses would have saved had their cacheable tokens been read from the cache (an upper bound: a prompt sent for the first time cannot hit), and the premium of Anthropic cache writes nothing read before their TTL ran out.',
        'currencyUSD',
      ),
      { w: 12, h: 8 },
      [
        query(`sum by (${BY_MODEL}) (${perHour(MISS_COST)})`, { legend: `${MODEL_LEGEND} miss` }),
        query(`sum by (${BY_MODEL}) (${perHour(UNREAD_WRITE_COST)})`, { legend: `${MODEL_LEGEND} unread write`, mayBeEmpty: UNREAD_WRITES_LATER }),
      ],
    )
    .panel(
      series(
        'Prompt-cache savings per hour',
        'USD per hour prompt caching saved: cache-read tokens at the input price minus what they cost, per model.',
        'currencyUSD',
      ),
      { w: 12, h: 8 },
      [query(`sum by (${BY_MODEL}) (${perHour(SAVINGS)})`, { legend: MODEL_LEGEND })],
    );

  return board.build();
}
