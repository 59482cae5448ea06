// GenAIAvoidableSpendHigh: the share of a service's GenAI spend over a day that could have been saved — repeated
// identical requests a response cache would have answered (fixed sampling), prompt-cache misses, Anthropic cache writes
// never read (the avoidable-spend metrics of @genai-otel/instrumentation, README "Avoidable spend"). Used by
// generate-rules.mjs: the alert goes into the genai-otel.alerts.cost group, its settings are
// alerts.GenAIAvoidableSpendHigh in alerts/config.mjs.

import { label, series } from './contract.mjs';

export const AVOIDABLE_SPEND_ALERT = 'GenAIAvoidableSpendHigh';

/** The avoidable-spend counters summed into the numerator (Prometheus names, as the collector exports them). */
export const AVOIDABLE_SPEND_SERIES = [
  // Only repeats whose sampling gives one reproducible answer: caching the others would change the app's behaviour.
  [series('genai_otel.repeat.cost'), `${label('genai_otel.request.sampling')}="fixed"`],
  [series('genai_otel.prompt_cache.miss.cost')],
  [series('genai_otel.prompt_cache.unread_write.cost')],
];

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** Validation of alerts.GenAIAvoidableSpendHigh (threshold a fraction, window a duration, minSpendUSD >= 0). */
export function validateAvoidableSpend(alerts, need) {
  const a = alerts?.[AVOIDABLE_SPEND_ALERT];
  need(
    typeof a?.threshold === 'number' && a.threshold > 0 && a.threshold < 1,
    `alerts.${AVOIDABLE_SPEND_ALERT}.threshold must be a fraction between 0 and 1 (0.2 = 20 %), got ${JSON.stringify(a?.threshold)}`,
  );
  need(
    typeof a?.window === 'string' && DURATION.test(a.window),
    `alerts.${AVOIDABLE_SPEND_ALERT}.window must be a Prometheus duration like 1d, got ${JSON.stringify(a?.window)}`,
  );
  need(
    typeof a?.minSpendUSD === 'number' && Number.isFinite(a.minSpendUSD) && a.minSpendUSD >= 0,
    `alerts.${AVOIDABLE_SPEND_ALERT}.minSpendUSD must be a number >= 0, got ${JSON.stringify(a?.minSpendUSD)}`,
  );
}

/**
 * The alert rule, in the shape of generate-rules.mjs' rules. `tools`: the generator's helpers and values —
 * `alert(name, spec)`, `sel(name, ...matchers)`, `svc` (the service template) and `S` (the service-level labels).
 */
export function avoidableSpendAlert(config, { alert, sel, svc, S }) {
  const a = config.alerts[AVOIDABLE_SPEND_ALERT];
  const by = S.join(', ');
  const total = `sum by (${by}) (increase(${sel(series('gen_ai.client.operation.cost', 'sum'))}[${a.window}]))`;
  // A part with no series yet (no repeat, miss or unread write in the window) counts 0, not "no data".
  const part = ([name, ...matchers]) => `(sum by (${by}) (increase(${sel(name, ...matchers)}[${a.window}])) or ${total} * 0)`;
  const expr = [
    '(',
    ...AVOIDABLE_SPEND_SERIES.map((series, index) => `  ${index === 0 ? '' : '+ '}${part(series)}`),
    ')',
    `/ ${total}`,
    `> ${num(a.threshold)}`,
    'and',
    `${total} >= ${num(a.minSpendUSD)}`,
  ].join('\n');
  return alert(AVOIDABLE_SPEND_ALERT, {
    comment: [
      `Avoidable spend over ${a.window} (repeats a response cache would have answered, prompt-cache misses, cache writes never`,
      `read) above ${percent(a.threshold)} of the spend over ${a.window}, per service; only with at least ${num(a.minSpendUSD)} USD spent.`,
    ],
    expr,
    annotations: {
      summary: `${svc}: {{ $value | humanizePercentage }} of the GenAI spend could have been saved`,
      description: `{{ $value | humanizePercentage }} of ${svc}'s GenAI spend over the last ${a.window} was avoidable (threshold ${percent(a.threshold)}): repeated identical requests a response cache would have answered, prompt-cache misses on long prompts, and prompt-cache writes no later call read. The dashboard "GenAI / Avoidable spend" shows which models and which kind.`,
    },
  });
}

/** The row of the alerts file header's threshold table. */
export function avoidableSpendThresholdRow(config, f) {
  const a = config.alerts[AVOIDABLE_SPEND_ALERT];
  return [
    AVOIDABLE_SPEND_ALERT,
    `avoidable share of spend over ${a.window} > ${percent(a.threshold)} (>= ${num(a.minSpendUSD)} USD spent)`,
    f(AVOIDABLE_SPEND_ALERT),
  ];
}

const num = (x) => String(Number(x.toPrecision(12)));
const percent = (x) => `${num(x * 100)}%`;
