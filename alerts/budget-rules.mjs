// The monthly budget rules (rules/genai-budgets.yaml) from a budgets file (budgets.mjs) and the budget alert settings of
// alerts/config.mjs: per budget, its spend over the burn-rate windows, month to date and projected to the end of the
// month; multi-window multi-burn-rate alerts in the style of the SRE workbook's error-budget alerts, and "exhausted".
// Used by generate-rules.mjs; the groups have the same shape as buildRules' ({ name, interval?, comment?, rules }).

import { series } from './contract.mjs';

/** Seconds of the SRE workbook's budget period: burn rate 1 = the monthly budget used in exactly 30 days. */
export const BUDGET_PERIOD_SECONDS = 30 * 86400;
export const BUDGET_RECORDING_GROUP = 'genai-otel.monthly-budget';
export const BUDGET_ALERTS_GROUP = 'genai-otel.alerts.monthly-budget';
export const BUDGET_ALERTS = ['GenAIMonthlyBudgetBurnRateHigh', 'GenAIMonthlyBudgetExhausted'];

const COST = series('gen_ai.client.operation.cost', 'sum');
const num = (x) => String(Number(x.toPrecision(12)));
const percent = (x) => `${num(x * 100)}%`;
const seconds = (d) => {
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  for (const [, n, u] of d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * unit[u];
  return total;
};
/** Escapes a regex metacharacter once: `quote()` (JSON) doubles the backslash as the PromQL string literal needs. */
const regexEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quote = (s) => JSON.stringify(String(s));
const indent = (text, n) =>
  text
    .split('\n')
    .map((line) => (line ? ' '.repeat(n) + line : line))
    .join('\n');

/** The burn-rate factor of a window: the share of the monthly budget it stands for, spent in the long window. */
export const burnFactor = (window) => (window.budgetShare * BUDGET_PERIOD_SECONDS) / seconds(window.long);

/** The short form of an attribution key in budget names: genai_otel.team -> team, app.region stays. */
const shortKey = (attributeKey) => attributeKey.replace(/^genai_otel\./, '');

/**
 * @param {object} c the alerts config (loadConfig)
 * @param {import('./budgets.mjs').Budgets | undefined} budgets
 * @returns {{ recording: object[], alerting: object[], windows: string[] }}
 */
export function buildBudgetRules(c, budgets) {
  const list = budgets?.budgets ?? [];
  const fallback = budgets?.default;
  if (list.length === 0 && fallback === undefined) return { recording: [], alerting: [], windows: [] };
  const A = c.alerts;
  const burn = A.GenAIMonthlyBudgetBurnRateHigh;
  const exhausted = A.GenAIMonthlyBudgetExhausted;
  const windows = [...new Set(['5m', '1d', ...burn.windows.flatMap((w) => [w.long, w.short])])].sort((x, y) => seconds(x) - seconds(y));
  const burnWindows = [...new Set(burn.windows.flatMap((w) => [w.long, w.short]))].sort((x, y) => seconds(x) - seconds(y));
  const runbook = (name) => `${c.runbookBaseUrl}#${name.toLowerCase()}`;
  const sel = (matchers) => `${COST}{${[...matchers, c.selector].filter(Boolean).join(', ')}}`;
  const labelsOf = (budget) => ({ budget: budget.name, ...(budget.owner ? { team: budget.owner } : {}) });

  const recording = [];
  const rules = [];
  for (const budget of list) {
    rules.push({
      record: 'genai_monthly_budget:budget_usd:monthly',
      expr: `vector(${num(budget.monthlyUSD)})`,
      labels: labelsOf(budget),
    });
  }
  // The default budget: one per value of its key that has no whole budget of its own (narrower budgets - with provider
  // or model - do not count). Named <key>=<value>; owned by the value itself for the team key, else by default.owner.
  const whole = fallback ? list.filter((b) => b.dimension === fallback.dimension && !b.provider && !b.model).map((b) => b.value) : [];
  const defaultPrefix = fallback ? `${shortKey(fallback.dimension)}=` : '';
  const defaultOwnedByValue = fallback !== undefined && fallback.owner === undefined && fallback.dimension === 'genai_otel.team';
  const defaultRate = (window) => {
    const L = fallback.label;
    const matchers = [`${L}!=""`, ...(whole.length ? [`${L}!~${quote(whole.map(regexEscape).join('|'))}`] : [])];
    let expr = `label_replace(\n  sum by (${L}) (rate(${sel(matchers)}[${window}])),\n  "budget", ${quote(`${defaultPrefix}$1`)}, ${quote(L)}, "(.+)"\n)`;
    if (defaultOwnedByValue) expr = `label_replace(\n${indent(expr, 2)},\n  "team", "$1", ${quote(L)}, "(.+)"\n)`;
    return `sum by (budget${defaultOwnedByValue ? ', team' : ''}) (\n${indent(expr, 2)}\n)`;
  };
  for (const window of windows) {
    for (const budget of list) {
      const matchers = [
        `${budget.label}=${quote(budget.value)}`,
        ...(budget.provider ? [`gen_ai_provider_name=${quote(budget.provider)}`] : []),
        ...(budget.model ? [`gen_ai_request_model=${quote(budget.model)}`] : []),
      ];
      rules.push({ record: `genai_monthly_budget:cost_usd:rate${window}`, expr: `sum(rate(${sel(matchers)}[${window}]))`, labels: labelsOf(budget) });
    }
    if (fallback) {
      rules.push({
        record: `genai_monthly_budget:cost_usd:rate${window}`,
        comment: window === windows[0] ? [`The default budget: every other value of ${fallback.label} (${defaultPrefix}<value>).`] : undefined,
        expr: defaultRate(window),
        ...(fallback.owner ? { labels: { team: fallback.owner } } : {}),
      });
    }
  }
  rules.push({
    record: 'genai_monthly_budget:cost_usd:today',
    comment: [
      'USD spent since 00:00 UTC: the per-minute spend (5-minute rate x 60) summed over the minutes of the current UTC day',
      '(as genai_budget:cost_usd:spend_today). `last_over_time(vector(time())[1m:1m] @ end())` is the evaluation time',
      'seen from inside the subquery. Lags the truth by up to 5 minutes (the rate window).',
    ],
    expr: [
      'sum_over_time(',
      '  (',
      '    genai_monthly_budget:cost_usd:rate5m * 60',
      '    and on ()',
      '    vector(time()) > scalar(floor(last_over_time(vector(time())[1m:1m] @ end()) / 86400) * 86400)',
      '  )[1d:1m]',
      ')',
    ].join('\n'),
  });
  // The days before today: at each midnight of the last 31 days (a [31d:1d] subquery steps on UTC midnights), the
  // day that just ended - today's value a minute before - if that day is in the evaluation's month.
  const pastDays = [
    'sum_over_time(',
    '  (',
    '    genai_monthly_budget:cost_usd:today offset 1m',
    '    and on ()',
    '    month(vector(time() - 60)) == scalar(month(last_over_time(vector(time())[1m:1m] @ end())))',
    '  )[31d:1d]',
    ')',
  ].join('\n');
  rules.push({
    record: 'genai_monthly_budget:cost_usd:month_to_date',
    comment: [
      'USD spent since 00:00 UTC on the 1st: today + each earlier day of the month (its total at 23:59, so the last',
      'minute of a day is left out). Needs the today rule to have run all month and Prometheus to keep 31 days',
      '(--storage.tsdb.retention.time; PROMETHEUS_RETENTION in .env).',
    ],
    expr: ['(genai_monthly_budget:cost_usd:today or PAST * 0)', '+', '(PAST or genai_monthly_budget:cost_usd:today * 0)']
      .join('\n')
      .replaceAll('PAST', `(\n${indent(pastDays, 2)}\n)`),
  });
  if (fallback) {
    const explicit = list.map((b) => regexEscape(b.name));
    rules.push({
      record: 'genai_monthly_budget:budget_usd:monthly',
      comment: [`The default budget of every value of ${fallback.label} spending this month without a budget of its own.`],
      expr: `genai_monthly_budget:cost_usd:month_to_date{budget=~${quote(`${regexEscape(defaultPrefix)}.+`)}${explicit.length ? `, budget!~${quote(explicit.join('|'))}` : ''}} * 0 + ${num(fallback.monthlyUSD)}`,
    });
  }
  rules.push(
    {
      record: 'genai_monthly_budget:budget_used:ratio',
      comment: ['Share of the monthly budget spent so far (1 = exhausted).'],
      expr: 'genai_monthly_budget:cost_usd:month_to_date / on (budget) group_left genai_monthly_budget:budget_usd:monthly',
    },
    {
      record: 'genai_monthly_budget:cost_usd:projected_month',
      comment: ["End-of-month projection: spent so far + the last 24 hours' pace until 24:00 UTC on the month's last day."],
      expr: [
        'genai_monthly_budget:cost_usd:month_to_date',
        '+',
        '(genai_monthly_budget:cost_usd:rate1d or genai_monthly_budget:cost_usd:month_to_date * 0)',
        '  * scalar((days_in_month() - day_of_month()) * 86400 + 86400 - time() % 86400)',
      ].join('\n'),
    },
    ...burnWindows.map((window) => ({
      record: `genai_monthly_budget:burn_rate:rate${window}`,
      comment:
        window === burnWindows[0]
          ? ['Burn rate: spend rate / the pace that spends the monthly budget in 30 days (the SRE workbook period); 1 = on budget.']
          : undefined,
      expr: `genai_monthly_budget:cost_usd:rate${window} * ${BUDGET_PERIOD_SECONDS} / on (budget) group_left genai_monthly_budget:budget_usd:monthly`,
    })),
  );
  recording.push({
    name: BUDGET_RECORDING_GROUP,
    interval: '1m',
    comment: [
      `Monthly budgets from ${budgets.file}, per budget (labels budget and team, the owner). Spend is`,
      `${COST} (priced calls); genai_monthly_budget:cost_usd:rate<window> are USD per second.`,
    ],
    rules,
  });

  const value = (rule) =>
    `{{ with printf "genai_monthly_budget:${rule}{budget=%q}" $labels.budget | query }}{{ . | first | value | printf "%.2f" }}{{ else }}?{{ end }}`;
  const owner = '{{ with $labels.team }} (team {{ . }}){{ end }}';
  const alerting = [
    {
      name: BUDGET_ALERTS_GROUP,
      comment: [
        'Multi-window, multi-burn-rate alerts per budget (SRE workbook, "Alerting on SLOs"): fire when both the long and',
        'the short window burn faster than the factor; the short window makes them resolve soon after the spending stops.',
      ],
      rules: [
        ...burn.windows.map((w) => {
          const factor = burnFactor(w);
          return {
            alert: 'GenAIMonthlyBudgetBurnRateHigh',
            expr: `genai_monthly_budget:burn_rate:rate${w.long} > ${num(factor)}\nand\ngenai_monthly_budget:burn_rate:rate${w.short} > ${num(factor)}`,
            for: w.for,
            labels: { severity: w.severity, long_window: w.long, short_window: w.short },
            annotations: {
              summary: `Budget {{ $labels.budget }}${owner}: ${percent(w.budgetShare)} of the month's budget burning in ${w.long}`,
              description: `Spend of budget {{ $labels.budget }}${owner} over the last ${w.long} runs at {{ $value | printf "%.1f" }} times the pace that uses its monthly budget in 30 days (threshold ${num(factor)}x: ${percent(w.budgetShare)} of the budget in ${w.long}; also over the last ${w.short}). Spent this month: ${value('cost_usd:month_to_date')} of ${value('budget_usd:monthly')} USD; projected for the month: ${value('cost_usd:projected_month')} USD.`,
              runbook_url: runbook('GenAIMonthlyBudgetBurnRateHigh'),
            },
          };
        }),
        {
          alert: 'GenAIMonthlyBudgetExhausted',
          expr: 'genai_monthly_budget:budget_used:ratio >= 1',
          for: exhausted.for,
          labels: { severity: exhausted.severity },
          annotations: {
            summary: `Budget {{ $labels.budget }}${owner}: the month's budget is spent`,
            description: `Budget {{ $labels.budget }}${owner} has spent {{ $value | humanizePercentage }} of its monthly budget (${value('cost_usd:month_to_date')} of ${value('budget_usd:monthly')} USD) this month; projected for the month: ${value('cost_usd:projected_month')} USD.`,
            runbook_url: runbook('GenAIMonthlyBudgetExhausted'),
          },
        },
      ],
    },
  ];
  return { recording, alerting, windows };
}

/** The header lines of rules/genai-budgets.yaml: every budget, the default and the alert windows. */
export function budgetHeader(c, budgets) {
  const lines = [];
  const burn = c.alerts.GenAIMonthlyBudgetBurnRateHigh;
  const list = budgets?.budgets ?? [];
  if (list.length === 0 && !budgets?.default) return ['No budgets (the budgets file lists none): no rules.'];
  lines.push(`Budgets from ${budgets.file} (USD per calendar month, UTC):`);
  const width = Math.max(...list.map((b) => b.name.length), 10);
  for (const b of list)
    lines.push(`  ${b.name.padEnd(width)}  ${num(b.monthlyUSD).padStart(8)}  ${b.owner ? `owner ${b.owner}` : 'no owner (default receiver)'}`);
  if (budgets.default) {
    const d = budgets.default;
    lines.push(
      `  ${`${shortKey(d.dimension)}=<other>`.padEnd(width)}  ${num(d.monthlyUSD).padStart(8)}  ${d.owner ? `owner ${d.owner}` : d.dimension === 'genai_otel.team' ? 'owner: the team itself' : 'no owner (default receiver)'}`,
    );
  }
  lines.push('Alerts (alerts/config.mjs):');
  for (const w of burn.windows) {
    lines.push(
      `  GenAIMonthlyBudgetBurnRateHigh  ${percent(w.budgetShare)} of the budget in ${w.long} = burn > ${num(burnFactor(w))}x over ${w.long} and ${w.short}, for ${w.for}, ${w.severity}`,
    );
  }
  const e = c.alerts.GenAIMonthlyBudgetExhausted;
  lines.push(`  GenAIMonthlyBudgetExhausted     spent >= budget this month, for ${e.for}, ${e.severity}`);
  lines.push("Routing (alertmanager/alertmanager.yml): to the owner's receiver (team-<owner>), else the default receiver.");
  return lines;
}
