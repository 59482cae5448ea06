#!/usr/bin/env node
// Builds the Prometheus rule files alerts/rules/genai-recording.yaml, genai-alerts.yaml and genai-budgets.yaml from the
// values in alerts/config.mjs (thresholds, `for:`s, severities, budget, service label, selectors, runbook address),
// the way kubernetes-mixin renders its rules from config.libsonnet - in plain Node, without dependencies.
//
// CLI:
//   node alerts/generate-rules.mjs                         rewrite alerts/rules/*.yaml from alerts/config.mjs
//   node alerts/generate-rules.mjs --check                 exit 1 if alerts/rules/*.yaml differ from what config.mjs
//                                                          gives, if alerts/runbook.md lacks a section for an
//                                                          alert, if an alert has no promtool test, or if a test
//                                                          file does not order the rule groups
//                                                          (scripts/test-alerts.sh runs this)
//   node alerts/generate-rules.mjs --overrides o.json [--overrides more.json] --out DIR
//                                                          write the two files into DIR with the overrides merged
//                                                          over config.mjs (objects key by key; arrays and scalars
//                                                          replace), e.g. short `for:`s for the end-to-end test
//   node alerts/generate-rules.mjs --budgets b.yaml --out DIR
//                                                          the monthly budgets of b.yaml instead of config.mjs'
//                                                          monthlyBudgets.file (alerts/budgets.yaml); a mistake in the
//                                                          file is reported with its line and nothing is written
//   node alerts/generate-rules.mjs --print-config [--overrides o.json]   print the effective config as JSON
//
// Library:
//   import { generateRuleFiles, loadConfig } from './generate-rules.mjs';
//   const files = generateRuleFiles(loadConfig([{ alerts: { GenAIRateLimitRatioHigh: { for: '0s' } } }]));
//   // { 'genai-recording.yaml': '...', 'genai-alerts.yaml': '...' }
//
// The generated YAML stays within what both Prometheus 2.42 (Debian's promtool, used by the tests) and Prometheus
// 3.x accept: no rule-group query_offset, no UTF-8 quoted metric names. `keep_firing_for` (2.42+) is used once.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AVOIDABLE_SPEND_ALERT, avoidableSpendAlert, avoidableSpendThresholdRow, validateAvoidableSpend } from './avoidable-spend-rules.mjs';
import { BUDGET_ALERTS, budgetHeader, buildBudgetRules } from './budget-rules.mjs';
import { loadBudgets } from './budgets.mjs';
import defaults from './config.mjs';
import { series } from './contract.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const RULES_DIR = join(here, 'rules');
export const RUNBOOK_PATH = join(here, 'runbook.md');
export const RECORDING_FILE = 'genai-recording.yaml';
export const ALERTS_FILE = 'genai-alerts.yaml';
export const BUDGETS_RULES_FILE = 'genai-budgets.yaml';

// ---- config ----------------------------------------------------------------------------------------------------

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Objects are merged key by key; arrays and scalars in `override` replace the base value. */
export function deepMerge(base, override) {
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredClone(override);
  const out = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    out[key] = key in out && isPlainObject(out[key]) && isPlainObject(value) ? deepMerge(out[key], value) : structuredClone(value);
  }
  return out;
}

/** The defaults of config.mjs with each override merged over them in turn, validated. */
export function loadConfig(overrides = []) {
  let config = structuredClone(defaults);
  for (const o of overrides) config = deepMerge(config, o);
  validateConfig(config);
  return config;
}

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SEVERITIES = new Set(['critical', 'warning', 'info']);
const ALERT_NAMES = [
  'GenAIRateLimitRatioHigh',
  'GenAIServerErrorRatioHigh',
  'GenAITimeoutRatioHigh',
  'GenAILatencyP95High',
  'GenAICostOverrun',
  'GenAICircuitBreakerOpen',
  'GenAICostUnknown',
  'GenAITelemetryAbsent',
  'GenAIMetricsMissingForTracedService',
  'GenAICollectorDown',
  'GenAICollectorExportFailing',
  'GenAICollectorExportQueueFilling',
  'GenAIBudgetBurnRateHigh',
  'GenAICacheHitRatioDrop',
  'GenAIProviderCostDrift',
  'GenAIPriceDataStale',
  AVOIDABLE_SPEND_ALERT,
  ...BUDGET_ALERTS,
];

export function validateConfig(c) {
  const errors = [];
  const need = (ok, message) => {
    if (!ok) errors.push(message);
  };
  const duration = (path, v) => need(typeof v === 'string' && DURATION.test(v), `${path} must be a Prometheus duration like 5m, got ${JSON.stringify(v)}`);
  const positive = (path, v) => need(typeof v === 'number' && Number.isFinite(v) && v > 0, `${path} must be a number > 0, got ${JSON.stringify(v)}`);
  const fraction = (path, v) =>
    need(typeof v === 'number' && v > 0 && v < 1, `${path} must be a fraction between 0 and 1 (0.05 = 5 %), got ${JSON.stringify(v)}`);
  const severity = (path, v) => need(SEVERITIES.has(v), `${path} must be one of ${[...SEVERITIES].join(', ')}, got ${JSON.stringify(v)}`);
  const label = (path, v) => need(typeof v === 'string' && LABEL.test(v), `${path} must be a label name, got ${JSON.stringify(v)}`);
  const matchers = (path, v) =>
    need(typeof v === 'string' && !/[{}\n]/.test(v), `${path} must be label matchers without braces (e.g. 'env="prod"'), got ${JSON.stringify(v)}`);

  label('serviceLabel', c.serviceLabel);
  need(Array.isArray(c.extraGroupLabels), 'extraGroupLabels must be an array');
  for (const [i, l] of (c.extraGroupLabels ?? []).entries()) label(`extraGroupLabels[${i}]`, l);
  matchers('selector', c.selector);
  matchers('collectorSelector', c.collectorSelector);
  need(Array.isArray(c.collectorScrapeJobs) && c.collectorScrapeJobs.length > 0, 'collectorScrapeJobs must be a non-empty array');
  need(
    typeof c.runbookBaseUrl === 'string' && /^https?:\/\/\S+$/.test(c.runbookBaseUrl) && !c.runbookBaseUrl.includes('#'),
    'runbookBaseUrl must be an http(s) URL without #',
  );
  need(Number.isInteger(c.minCallsPer5m) && c.minCallsPer5m >= 0, 'minCallsPer5m must be an integer >= 0');
  need(
    Array.isArray(c.callerCancelledErrorTypes) && c.callerCancelledErrorTypes.every((t) => /^[A-Za-z0-9_]+$/.test(t)),
    'callerCancelledErrorTypes must be an array of error_type values',
  );
  positive('budget.dailyUSD', c.budget?.dailyUSD);
  need(Array.isArray(c.budget?.by), 'budget.by must be an array');
  for (const [i, l] of (c.budget?.by ?? []).entries()) label(`budget.by[${i}]`, l);

  const a = c.alerts ?? {};
  for (const name of Object.keys(a)) need(ALERT_NAMES.includes(name), `alerts.${name}: unknown alert (known: ${ALERT_NAMES.join(', ')})`);
  for (const name of ALERT_NAMES) {
    const v = a[name];
    if (!isPlainObject(v)) {
      errors.push(`alerts.${name} is missing`);
      continue;
    }
    if (name !== 'GenAIBudgetBurnRateHigh' && name !== 'GenAIMonthlyBudgetBurnRateHigh') {
      duration(`alerts.${name}.for`, v.for);
      severity(`alerts.${name}.severity`, v.severity);
    }
    if (v.team !== undefined) need(typeof v.team === 'string' && /^[a-z0-9][a-z0-9_-]*$/.test(v.team), `alerts.${name}.team must be a lower-case word`);
  }
  for (const name of [
    'GenAIRateLimitRatioHigh',
    'GenAIServerErrorRatioHigh',
    'GenAITimeoutRatioHigh',
    'GenAICostUnknown',
    'GenAICollectorExportQueueFilling',
  ]) {
    fraction(`alerts.${name}.threshold`, a[name]?.threshold);
  }
  positive('alerts.GenAILatencyP95High.thresholdSeconds', a.GenAILatencyP95High?.thresholdSeconds);
  if (a.GenAICircuitBreakerOpen?.keepFiringFor !== undefined) duration('alerts.GenAICircuitBreakerOpen.keepFiringFor', a.GenAICircuitBreakerOpen.keepFiringFor);
  need(
    Array.isArray(a.GenAICostUnknown?.ignoredReasons) && a.GenAICostUnknown.ignoredReasons.every((r) => /^[A-Za-z0-9_]+$/.test(r)),
    'alerts.GenAICostUnknown.ignoredReasons must be an array of reason identifiers',
  );
  duration('alerts.GenAITelemetryAbsent.lookback', a.GenAITelemetryAbsent?.lookback);
  const burn = a.GenAIBudgetBurnRateHigh;
  need(Array.isArray(burn?.windows) && burn.windows.length > 0, 'alerts.GenAIBudgetBurnRateHigh.windows must be a non-empty array');
  (burn?.windows ?? []).forEach((w, i) => {
    const p = `alerts.GenAIBudgetBurnRateHigh.windows[${i}]`;
    severity(`${p}.severity`, w.severity);
    duration(`${p}.long`, w.long);
    duration(`${p}.short`, w.short);
    duration(`${p}.for`, w.for);
    positive(`${p}.factor`, w.factor);
  });
  const monthly = a.GenAIMonthlyBudgetBurnRateHigh;
  need(Array.isArray(monthly?.windows) && monthly.windows.length > 0, 'alerts.GenAIMonthlyBudgetBurnRateHigh.windows must be a non-empty array');
  (monthly?.windows ?? []).forEach((w, i) => {
    const p = `alerts.GenAIMonthlyBudgetBurnRateHigh.windows[${i}]`;
    severity(`${p}.severity`, w.severity);
    duration(`${p}.long`, w.long);
    duration(`${p}.short`, w.short);
    duration(`${p}.for`, w.for);
    fraction(`${p}.budgetShare`, w.budgetShare);
  });
  need(typeof c.monthlyBudgets?.file === 'string', "monthlyBudgets.file must be a path ('' for none)");
  const cache = a.GenAICacheHitRatioDrop;
  fraction('alerts.GenAICacheHitRatioDrop.drop', cache?.drop);
  fraction('alerts.GenAICacheHitRatioDrop.minBaseline', cache?.minBaseline);
  duration('alerts.GenAICacheHitRatioDrop.baselineWindow', cache?.baselineWindow);
  need(
    typeof cache?.minInputTokensPerHour === 'number' && cache.minInputTokensPerHour >= 0,
    'alerts.GenAICacheHitRatioDrop.minInputTokensPerHour must be a number >= 0',
  );
  const billing = c.providerBilling;
  need(isPlainObject(billing), 'providerBilling is missing');
  duration('providerBilling.window', billing?.window);
  duration('providerBilling.delay', billing?.delay);
  matchers('providerBilling.billedSelector', billing?.billedSelector);
  const drift = a.GenAIProviderCostDrift;
  fraction('alerts.GenAIProviderCostDrift.threshold', drift?.threshold);
  need(typeof drift?.minBilledUSD === 'number' && drift.minBilledUSD >= 0, 'alerts.GenAIProviderCostDrift.minBilledUSD must be a number >= 0');
  duration('alerts.GenAIProviderCostDrift.maxReportAge', drift?.maxReportAge);
  duration('alerts.GenAIPriceDataStale.maxAge', a.GenAIPriceDataStale?.maxAge);
  validateAvoidableSpend(a, need);
  if (errors.length) throw new Error(`invalid alerts config:\n  ${errors.join('\n  ')}`);
}

// ---- PromQL helpers ----------------------------------------------------------------------------------------------

/** A number as PromQL/prose shows it: no float noise (0.07 * 100 -> 7, not 7.000000000000001). */
export const num = (x) => String(Number(x.toPrecision(12)));
const percent = (x) => `${num(x * 100)}%`;
const list = (labels) => labels.join(', ');
const sumBy = (labels, expr) => (labels.length ? `sum by (${list(labels)}) (${expr})` : `sum(${expr})`);
const indentLines = (s, n) =>
  s
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');
/** `op by (labels) (inner)`, broken over three lines when long - for expressions that stand alone in a rule. */
const agg = (op, labels, inner) => {
  const head = labels.length ? `${op} by (${list(labels)})` : op;
  const one = `${head} (${inner})`;
  return one.length <= 100 && !inner.includes('\n') ? one : `${head} (\n${indentLines(inner, 2)}\n)`;
};
const regexEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
const lower = (s) => s.toLowerCase();
/** `name{m1, m2}` or just `name`. */
const selector = (name, matchers) => (matchers.length ? `${name}{${matchers.join(', ')}}` : name);
/** Strips the common indentation of a template literal and trims the leading/trailing blank lines. */
const dedent = (s) => {
  const lines = s
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
};
/** Duration string -> seconds (for the window lists). */
const seconds = (d) => {
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  for (const [, n, u] of d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * unit[u];
  return total;
};

// ---- the rules ---------------------------------------------------------------------------------------------------

/**
 * @returns {{ recording: Group[], alerting: Group[] }} with Group = { name, interval?, comment?, rules: Rule[] } and
 *   Rule = { record | alert, expr, for?, keep_firing_for?, labels?, annotations?, comment? }
 */
export function buildRules(c) {
  const S = [...c.extraGroupLabels, c.serviceLabel]; // service level
  const P = [...S, 'gen_ai_provider_name']; // provider level
  const M = [...S, 'gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model']; // model level
  const B = c.budget.by; // budget level
  const BM = ['gen_ai_provider_name', 'gen_ai_response_model']; // billing level: provider and the model it reports
  const PB = c.providerBilling;
  const billedOffset = seconds(PB.delay) > 0 ? ` offset ${PB.delay}` : '';
  /** The poller's series: the billed selector and the global one. */
  const bsel = (name, ...m) => selector(name, [...m, PB.billedSelector, c.selector].filter(Boolean));
  const sel = (name, ...m) => selector(name, [...m, c.selector].filter(Boolean));
  const csel = (name, ...m) => selector(name, [...m, c.collectorSelector].filter(Boolean));
  const svc = `{{ $labels.${c.serviceLabel} }}`;
  const model = '{{ $labels.gen_ai_request_model }}';
  const provider = '{{ $labels.gen_ai_provider_name }}';
  const op = '{{ $labels.gen_ai_operation_name }}';
  const A = c.alerts;
  const budget = num(c.budget.dailyUSD);
  const budgetScope = B.length ? ` for ${B.map((l) => `{{ $labels.${l} }}`).join(' / ')}` : '';
  const runbook = (name) => `${c.runbookBaseUrl}#${lower(name)}`;
  const floor = c.minCallsPer5m > 0 ? `\nand\ngenai_model:requests:rate5m * 300 >= ${c.minCallsPer5m}` : '';
  const floorText = c.minCallsPer5m > 0 ? ` Silent below ${c.minCallsPer5m} calls per 5 minutes.` : '';

  // Failed calls for the error ratios: every error_type but the caller's own cancellations.
  const failedCalls = c.callerCancelledErrorTypes.length ? `{error_type!~"${c.callerCancelledErrorTypes.join('|')}"}` : '';
  const cancelledText = c.callerCancelledErrorTypes.join(', ');

  const ratio = (labels, errorSelector, denominator) =>
    dedent(`
      (
        sum by (${list(labels)}) (genai_model_error_type:requests:rate5m${errorSelector})
        or
        ${denominator} * 0
      )
      /
      ${denominator}`);

  // Budget windows: burn-rate windows + 5m (spend today), 1h (cost overrun), 1d (projected month).
  const budgetWindows = [...new Set(['5m', '1h', '1d', ...A.GenAIBudgetBurnRateHigh.windows.flatMap((w) => [w.long, w.short])])].sort(
    (x, y) => seconds(x) - seconds(y),
  );

  const recording = [
    {
      name: 'genai-otel.requests',
      comment: [
        'Call rates and error ratios. Every call is one observation of gen_ai.client.inference.duration; failed calls',
        'carry error_type, successful ones do not - so ratios divide the failures by ALL calls (the _count series',
        'with and without error_type), never by the successes alone.',
      ],
      rules: [
        {
          record: 'genai_model:requests:rate5m',
          comment: ['Calls per second, every outcome.'],
          expr: agg('sum', M, `rate(${sel(series('gen_ai.client.inference.duration', 'count'))}[5m])`),
        },
        {
          record: 'genai_model_error_type:requests:rate5m',
          comment: ['Failed calls per second, by error_type (rate_limited, overloaded, server_error, timeout, ...).'],
          expr: agg('sum', [...M, 'error_type'], `rate(${sel(series('gen_ai.client.inference.duration', 'count'), 'error_type!=""')}[5m])`),
        },
        {
          record: 'genai_model_error_type:requests:ratio_rate5m',
          comment: ['Share of ALL calls that failed with each error_type.'],
          expr: dedent(`
            genai_model_error_type:requests:rate5m
            / ignoring (error_type) group_left
            genai_model:requests:rate5m`),
        },
        {
          record: 'genai_model:errors:ratio_rate5m',
          comment: [
            c.callerCancelledErrorTypes.length
              ? `Share of calls that failed (0 when none failed): any error_type except the caller's own cancellations (${cancelledText}).`
              : 'Share of calls that failed, any error_type (0 when none failed).',
          ],
          expr: ratio(M, failedCalls, 'genai_model:requests:rate5m'),
        },
        {
          record: 'genai_model:rate_limited:ratio_rate5m',
          comment: ['Share of calls answered HTTP 429.'],
          expr: ratio(M, '{error_type="rate_limited"}', 'genai_model:requests:rate5m'),
        },
        {
          record: 'genai_model:server_errors:ratio_rate5m',
          comment: ['Share of calls failing with a provider-side 5xx: overloaded (503, 529) or server_error (other 5xx).'],
          expr: ratio(M, '{error_type=~"overloaded|server_error"}', 'genai_model:requests:rate5m'),
        },
        {
          record: 'genai_model:timeouts:ratio_rate5m',
          comment: ['Share of calls that timed out (HTTP 408, connect/headers/body timeouts, SDK timeouts).'],
          expr: ratio(M, '{error_type="timeout"}', 'genai_model:requests:rate5m'),
        },
        {
          record: 'genai_provider:requests:rate5m',
          expr: agg('sum', P, 'genai_model:requests:rate5m'),
        },
        {
          record: 'genai_provider:errors:ratio_rate5m',
          expr: ratio(P, failedCalls, 'genai_provider:requests:rate5m'),
        },
        {
          record: 'genai_service:requests:rate5m',
          expr: agg('sum', S, 'genai_model:requests:rate5m'),
        },
        {
          record: 'genai_service:errors:ratio_rate5m',
          expr: ratio(S, failedCalls, 'genai_service:requests:rate5m'),
        },
        {
          record: 'genai_model_reason:cost_unknown_calls:rate5m',
          comment: ['Calls per second whose cost is unknown, by genai_otel_cost_unknown_reason.'],
          expr: agg('sum', [...M, 'genai_otel_cost_unknown_reason'], `rate(${sel(series('genai_otel.client.operation.cost.unknown'))}[5m])`),
        },
        {
          record: 'genai_model_reason:cost_unknown_calls:ratio_rate5m',
          comment: ['Share of ALL calls whose cost is unknown, by reason.'],
          expr: dedent(`
            genai_model_reason:cost_unknown_calls:rate5m
            / ignoring (genai_otel_cost_unknown_reason) group_left
            genai_model:requests:rate5m`),
        },
        {
          record: 'genai_model:attempts:rate5m',
          comment: ['HTTP attempts per second, retries included (genai_otel_client_attempts_total).'],
          expr: agg('sum', M, `rate(${sel(series('genai_otel.client.attempts'))}[5m])`),
        },
        {
          record: 'genai_model:attempts_per_call:ratio_rate5m',
          comment: ['HTTP attempts per call: 1 = no retries.'],
          expr: 'genai_model:attempts:rate5m / genai_model:requests:rate5m',
        },
        {
          record: 'genai_model:ratelimit_remaining_requests:min',
          comment: ["Lowest remaining-requests value the provider's rate-limit headers reported, across instances."],
          expr: agg('min', M, sel(series('genai_otel.ratelimit.remaining_requests'))),
        },
        {
          record: 'genai_model:ratelimit_remaining_tokens:min',
          expr: agg('min', M, sel(series('genai_otel.ratelimit.remaining_tokens'))),
        },
      ],
    },
    {
      name: 'genai-otel.latency',
      comment: [
        'Latency quantiles. Durations are those of SUCCESSFUL calls (series without error_type): fast 429s and slow',
        'timeouts have their own ratios and would otherwise pull the quantiles both ways.',
      ],
      rules: [
        {
          record: 'genai_model_le:inference_duration_seconds_bucket:rate5m',
          expr: agg('sum', [...M, 'le'], `rate(${sel(series('gen_ai.client.inference.duration', 'bucket'), 'error_type=""')}[5m])`),
        },
        ...[
          ['p50', 0.5],
          ['p95', 0.95],
          ['p99', 0.99],
        ].map(([p, q]) => ({
          record: `genai_model:inference_duration_seconds:${p}_5m`,
          expr: `histogram_quantile(${q}, genai_model_le:inference_duration_seconds_bucket:rate5m)`,
        })),
        ...[
          ['p50', 0.5],
          ['p95', 0.95],
          ['p99', 0.99],
        ].map(([p, q]) => ({
          record: `genai_provider:inference_duration_seconds:${p}_5m`,
          expr: `histogram_quantile(${q}, ${sumBy([...P, 'le'], 'genai_model_le:inference_duration_seconds_bucket:rate5m')})`,
        })),
        {
          record: 'genai_model_le:time_to_first_chunk_seconds_bucket:rate5m',
          comment: ['Streams only: time from the request to the first chunk.'],
          expr: agg('sum', [...M, 'le'], `rate(${sel(series('gen_ai.client.inference.time_to_first_chunk', 'bucket'))}[5m])`),
        },
        {
          record: 'genai_model:time_to_first_chunk_seconds:p50_5m',
          expr: 'histogram_quantile(0.5, genai_model_le:time_to_first_chunk_seconds_bucket:rate5m)',
        },
        {
          record: 'genai_model:time_to_first_chunk_seconds:p95_5m',
          expr: 'histogram_quantile(0.95, genai_model_le:time_to_first_chunk_seconds_bucket:rate5m)',
        },
        {
          record: 'genai_provider:time_to_first_chunk_seconds:p95_5m',
          expr: `histogram_quantile(0.95, ${sumBy([...P, 'le'], 'genai_model_le:time_to_first_chunk_seconds_bucket:rate5m')})`,
        },
        {
          record: 'genai_model:time_per_output_chunk_seconds:avg_rate5m',
          comment: ['Streams only: mean gap between two output chunks.'],
          expr: dedent(`
            ${sumBy(M, `rate(${sel(series('gen_ai.client.inference.time_per_output_chunk', 'sum'))}[5m])`)}
            /
            ${sumBy(M, `rate(${sel(series('gen_ai.client.inference.time_per_output_chunk', 'count'))}[5m])`)}`),
        },
      ],
    },
    {
      name: 'genai-otel.tokens',
      comment: ['Token rates (tokens per second, all modalities together) and the prompt-cache hit ratio.'],
      rules: [
        ...['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_write_input_tokens', 'reasoning_output_tokens'].map((t) => ({
          record: `genai_model:${t}:rate5m`,
          expr: agg('sum', M, `rate(${sel(`gen_ai_client_inference_usage_${t}_total`)}[5m])`),
        })),
        {
          record: 'genai_model:cache_read_input_tokens:ratio_rate5m',
          comment: ['Cache hit ratio: share of input tokens read from the provider cache (only models that report it).'],
          expr: 'genai_model:cache_read_input_tokens:rate5m / genai_model:input_tokens:rate5m',
        },
      ],
    },
    {
      name: 'genai-otel.tokens.1h',
      interval: '1m',
      comment: ['One-hour token rates and cache hit ratio, for GenAICacheHitRatioDrop (evaluated once a minute).'],
      rules: [
        ...['input_tokens', 'cache_read_input_tokens'].map((t) => ({
          record: `genai_model:${t}:rate1h`,
          expr: agg('sum', M, `rate(${sel(`gen_ai_client_inference_usage_${t}_total`)}[1h])`),
        })),
        {
          record: 'genai_model:cache_read_input_tokens:ratio_rate1h',
          expr: 'genai_model:cache_read_input_tokens:rate1h / genai_model:input_tokens:rate1h',
        },
      ],
    },
    {
      name: 'genai-otel.cost',
      comment: [
        'Spend, from gen_ai.client.operation.cost (USD per priced call; its _sum is the money). Calls whose cost is',
        'unknown are NOT in it - see genai_model_reason:cost_unknown_calls:ratio_rate5m.',
      ],
      rules: [
        {
          record: 'genai_model:cost_usd_per_hour:rate5m',
          comment: ['USD per hour at the pace of the last 5 minutes.'],
          expr: `${agg('sum', M, `rate(${sel(series('gen_ai.client.operation.cost', 'sum'))}[5m])`)} * 3600`,
        },
      ],
    },
    {
      name: 'genai-otel.budget',
      interval: '1m',
      comment: [
        `Spend at the budget level (${B.length ? `by ${list(B)}` : 'everything the selector matches'}), for the budget alerts and dashboards.`,
        'genai_budget:cost_usd:rate<window> are USD per second.',
      ],
      rules: [
        {
          record: 'genai:cost_budget_usd:daily',
          comment: ['The configured daily budget (alerts/config.mjs budget.dailyUSD), for dashboards.'],
          expr: `vector(${budget})`,
        },
        ...budgetWindows.map((w) => ({
          record: `genai_budget:cost_usd:rate${w}`,
          expr: agg('sum', B, `rate(${sel(series('gen_ai.client.operation.cost', 'sum'))}[${w}])`),
        })),
        {
          record: 'genai_budget:cost_usd:spend_today',
          comment: [
            'USD spent since 00:00 UTC: the per-minute spend (5-minute rate x 60) summed over every minute of the',
            'current UTC day. `last_over_time(vector(time())[1m:1m] @ end())` is the evaluation time seen from inside',
            "the subquery, so each step is kept only if it lies after that day's midnight. Lags the truth by up to 5",
            'minutes (the rate window) and needs the rate5m rule above to have run all day.',
          ],
          expr: dedent(`
            sum_over_time(
              (
                genai_budget:cost_usd:rate5m * 60
                and on ()
                vector(time()) > scalar(floor(last_over_time(vector(time())[1m:1m] @ end()) / 86400) * 86400)
              )[1d:1m]
            )`),
        },
        {
          record: 'genai_budget:cost_usd:projected_month',
          comment: ["USD for the current calendar month at the last 24 hours' pace (rate1d x seconds in this month)."],
          expr: 'genai_budget:cost_usd:rate1d * 86400 * scalar(days_in_month())',
        },
      ],
    },
    {
      name: 'genai-otel.provider-billing',
      comment: [
        `Measured cost vs the provider's bill, per provider and model (level genai_billing: ${list(BM)}), over ${PB.window}.`,
        "Billed: genai_otel_provider_cost_USD_total from `genai-otel usage-poller` (the provider's cost report; the model",
        'parsed from the line item), the whole organization - all services. Measured: gen_ai_client_operation_cost_USD_sum of',
        `every service, read ${seconds(PB.delay) > 0 ? `${PB.delay} earlier (offset) because the bill reaches Prometheus that much later` : 'without offset'}.`,
        'gen_ai_response_model is the model the provider reports (dated snapshot), on both sides.',
      ],
      rules: [
        {
          record: `genai_billing:measured_cost_usd:increase${PB.window}`,
          comment: [`USD genai-otel measured over ${PB.window} (priced calls; calls with an unknown cost are not in it).`],
          expr: agg('sum', BM, `increase(${sel(series('gen_ai.client.operation.cost', 'sum'), 'gen_ai_response_model!=""')}[${PB.window}]${billedOffset})`),
        },
        {
          record: `genai_billing:provider_cost_usd:increase${PB.window}`,
          comment: [`USD the provider billed over ${PB.window}, by the model its cost report names.`],
          expr: agg('sum', BM, `increase(${bsel(series('genai_otel.provider.cost'), 'gen_ai_response_model!=""')}[${PB.window}])`),
        },
        {
          record: `genai_billing:cost_drift:ratio${PB.window}`,
          comment: [
            '(measured - billed) / billed, for models with a bill > 0: +0.25 = genai-otel measured 25 % more than billed,',
            '-1 = billed but never measured (an uninstrumented app, another project).',
          ],
          expr: dedent(`
            (
              genai_billing:measured_cost_usd:increase${PB.window}
              or
              genai_billing:provider_cost_usd:increase${PB.window} * 0
            )
            /
            (genai_billing:provider_cost_usd:increase${PB.window} > 0)
            - 1`),
        },
        {
          record: 'genai_billing:cost_report_age:seconds',
          comment: ["Seconds since the poller last read a provider's cost report in full (OpenAI costs, Anthropic cost_report)."],
          expr: `time() - ${agg('max', ['gen_ai_provider_name'], sel(series('genai_otel.provider.poll.last_success'), 'genai_otel_provider_endpoint=~"costs|cost_report"'))}`,
        },
      ],
    },
    {
      name: 'genai-otel.presence',
      comment: [
        'Which services report GenAI telemetry, for the "telemetry absent" alerts. With OTLP there is no per-app',
        'scrape target (no `up`): an app is "running" while its SDK keeps exporting its cumulative series (every',
        "60 s by default, even without new calls), or while its spans reach the collector's span_metrics connector.",
      ],
      rules: [
        {
          record: 'genai_service:duration_series:count',
          comment: ['GenAI duration series per service (latest or legacy metric names).'],
          expr: agg('count', S, selector('', ['__name__=~"gen_ai_client_(inference|operation)_duration_seconds_count"', c.selector].filter(Boolean))),
        },
        {
          record: 'genai_service:span_calls:rate10m',
          comment: ['GenAI spans per second seen by span_metrics (only GenAI spans feed it, see collector/config.yaml).'],
          expr: agg('sum', S, `rate(${sel('traces_span_metrics_calls_total', 'gen_ai_operation_name!=""')}[10m])`),
        },
      ],
    },
  ];

  // ---- alerts ----
  const alert = (name, { expr, labels = {}, annotations, keepFiringFor, forOverride, severityOverride, comment }) => {
    const cfg = A[name];
    const l = { severity: severityOverride ?? cfg.severity, ...(cfg.team ? { team: cfg.team } : {}), ...labels };
    return {
      alert: name,
      comment,
      expr,
      for: forOverride ?? cfg.for,
      ...(keepFiringFor ? { keep_firing_for: keepFiringFor } : {}),
      labels: l,
      annotations: { ...annotations, runbook_url: runbook(name) },
    };
  };
  const ratioAlert = (name, record, what, window = '5 minutes') => {
    const t = A[name].threshold;
    return alert(name, {
      expr: `${record} > ${num(t)}${floor}`,
      annotations: {
        summary: `${provider} ${model}: ${percent(t)}+ of calls ${what}`,
        description: `{{ $value | humanizePercentage }} of ${svc}'s ${op} calls to ${model} (${provider}) ${what} over the last ${window} (threshold ${percent(t)}).${floorText}`,
      },
    });
  };

  const burn = A.GenAIBudgetBurnRateHigh;
  const cache = A.GenAICacheHitRatioDrop;
  const baseline = `avg_over_time(genai_model:cache_read_input_tokens:ratio_rate1h[${cache.baselineWindow}] offset 1h)`;
  // genai_otel_guard_breaker_state carries gen_ai_provider_name and gen_ai_request_model (one breaker per provider and
  // model; no model label for requests that name none); server_address is kept in the template for a guard keyed by host.
  const breakerTarget = `${provider}{{ with $labels.gen_ai_request_model }} {{ . }}{{ end }}{{ with $labels.server_address }} ({{ . }}){{ end }}`;
  const collectorJobs = c.collectorScrapeJobs.map(regexEscape).join('|');
  const failed = (signal) => {
    const labels = ['job', 'instance', 'exporter'];
    return dedent(`
      label_replace(
        ${sumBy(labels, `rate(${csel(`otelcol_exporter_send_failed_${signal}`)}[5m])`)}
        or
        ${sumBy(labels, `rate(${csel(`otelcol_exporter_send_failed_${signal}_total`)}[5m])`)},
        "signal", "${signal}", "", ""
      )`);
  };

  const drift = A.GenAIProviderCostDrift;
  const billedModel = '{{ $labels.gen_ai_response_model }}';
  /** A billing recording rule's value for the alert's provider and model, in USD with two decimals (query in the template). */
  const billingValue = (rule) =>
    `{{ with printf "genai_billing:${rule}:increase${PB.window}{gen_ai_provider_name=%q, gen_ai_response_model=%q}" $labels.gen_ai_provider_name $labels.gen_ai_response_model | query }}{{ . | first | value | printf "%.2f" }}{{ else }}0.00{{ end }}`;

  const alerting = [
    {
      name: 'genai-otel.alerts.calls',
      comment: [`Per service / provider / model (labels: ${list(M)}).`],
      rules: [
        ratioAlert('GenAIRateLimitRatioHigh', 'genai_model:rate_limited:ratio_rate5m', 'were rate-limited (HTTP 429)'),
        ratioAlert('GenAIServerErrorRatioHigh', 'genai_model:server_errors:ratio_rate5m', 'failed with a provider 5xx (overloaded or server_error)'),
        ratioAlert('GenAITimeoutRatioHigh', 'genai_model:timeouts:ratio_rate5m', 'timed out'),
        alert('GenAILatencyP95High', {
          expr: `genai_model:inference_duration_seconds:p95_5m > ${num(A.GenAILatencyP95High.thresholdSeconds)}${floor}`,
          annotations: {
            summary: `${provider} ${model}: p95 latency above ${num(A.GenAILatencyP95High.thresholdSeconds)}s`,
            description: `The p95 duration of ${svc}'s successful ${op} calls to ${model} (${provider}) is {{ $value | humanizeDuration }} over the last 5 minutes (threshold ${num(A.GenAILatencyP95High.thresholdSeconds)}s).${floorText}`,
          },
        }),
        alert('GenAICircuitBreakerOpen', {
          comment: ['Keeps every label of the gauge (service, instance, provider, ...) except the OTel scope labels.'],
          expr: `max without (otel_scope_name, otel_scope_version, otel_scope_schema_url) (${sel(series('genai_otel.guard.breaker.state'))}) == 1`,
          keepFiringFor: A.GenAICircuitBreakerOpen.keepFiringFor,
          annotations: {
            summary: `Circuit breaker open: ${svc} -> ${breakerTarget}`,
            description: `The circuit breaker of ${svc} (instance {{ $labels.instance }}) for ${breakerTarget} has been open (state {{ $value }}) for ${A.GenAICircuitBreakerOpen.for}: calls are rejected without reaching the provider.`,
          },
        }),
        alert('GenAICacheHitRatioDrop', {
          expr: dedent(`
            genai_model:cache_read_input_tokens:ratio_rate1h
              < ${num(1 - cache.drop)} * ${baseline}
            and
            ${baseline} >= ${num(cache.minBaseline)}
            and
            genai_model:input_tokens:rate1h * 3600 >= ${num(cache.minInputTokensPerHour)}`),
          annotations: {
            summary: `${provider} ${model}: prompt-cache hit ratio dropped`,
            description: `Only {{ $value | humanizePercentage }} of ${svc}'s input tokens to ${model} (${provider}) were read from the provider cache over the last hour: less than ${percent(1 - cache.drop)} of its ${cache.baselineWindow} average before that (which was at least ${percent(cache.minBaseline)}).`,
          },
        }),
      ],
    },
    {
      name: 'genai-otel.alerts.cost',
      comment: [`Budget: ${budget} USD per UTC day${B.length ? ` per ${list(B)}` : ''}.`],
      rules: [
        alert('GenAICostOverrun', {
          comment: ["Spend so far today + the last hour's pace until 24:00 UTC."],
          expr: dedent(`
            genai_budget:cost_usd:spend_today
              + genai_budget:cost_usd:rate1h * (86400 - time() % 86400)
            > ${budget}`),
          annotations: {
            summary: `GenAI spend projected over the daily budget${budgetScope}`,
            description: `At the last hour's pace, GenAI spend${budgetScope} will reach {{ $value | printf "%.2f" }} USD by 24:00 UTC; the daily budget is ${budget} USD.`,
          },
        }),
        ...burn.windows.map((w) =>
          alert('GenAIBudgetBurnRateHigh', {
            expr: dedent(`
              genai_budget:cost_usd:rate${w.long} * 86400 / ${budget} > ${num(w.factor)}
              and
              genai_budget:cost_usd:rate${w.short} * 86400 / ${budget} > ${num(w.factor)}`),
            forOverride: w.for,
            severityOverride: w.severity,
            labels: { long_window: w.long, short_window: w.short },
            annotations: {
              summary: `GenAI spend${budgetScope} burning the daily budget ${num(w.factor)}x too fast`,
              description: `GenAI spend${budgetScope} over the last ${w.long} runs at {{ $value | printf "%.1f" }} times the pace of the ${budget} USD daily budget (threshold ${num(w.factor)}x, also exceeded over the last ${w.short}).`,
            },
          }),
        ),
        alert('GenAICostUnknown', {
          expr: `${
            A.GenAICostUnknown.ignoredReasons.length
              ? `genai_model_reason:cost_unknown_calls:ratio_rate5m{genai_otel_cost_unknown_reason!~"${A.GenAICostUnknown.ignoredReasons.join('|')}"}`
              : 'genai_model_reason:cost_unknown_calls:ratio_rate5m'
          } > ${num(A.GenAICostUnknown.threshold)}`,
          annotations: {
            summary: `${provider} ${model}: calls with unknown cost ({{ $labels.genai_otel_cost_unknown_reason }})`,
            description: `{{ $value | humanizePercentage }} of ${svc}'s calls to ${model} (${provider}) have no known cost (reason {{ $labels.genai_otel_cost_unknown_reason }}) over the last 5 minutes (threshold ${percent(A.GenAICostUnknown.threshold)}). Spend figures and budget alerts leave these calls out.`,
          },
        }),
        alert('GenAIPriceDataStale', {
          comment: [
            `The price data the costs are computed with is older than ${A.GenAIPriceDataStale.maxAge} by its own date (bundled snapshot: its`,
            'release date; a loaded file: its date), per service and price data.',
          ],
          expr: `${agg('max', [...S, 'genai_otel_pricing_data_version', 'genai_otel_pricing_data_origin'], sel(series('genai_otel.pricing.data.age')))} > ${seconds(A.GenAIPriceDataStale.maxAge)}`,
          annotations: {
            summary: `${svc}: price data {{ $labels.genai_otel_pricing_data_version }} older than ${A.GenAIPriceDataStale.maxAge}`,
            description: `${svc} computes GenAI costs with price data {{ $labels.genai_otel_pricing_data_version }} ({{ $labels.genai_otel_pricing_data_origin }}) dated {{ $value | humanizeDuration }} ago (threshold ${A.GenAIPriceDataStale.maxAge}): price changes since then are missing, so costs can be off the bill. Load newer price data or upgrade @genai-otel/pricing.`,
          },
        }),
        avoidableSpendAlert(c, { alert, sel, svc, S }),
        alert('GenAIProviderCostDrift', {
          comment: [
            `Measured cost more than ${percent(drift.threshold)} off the provider's bill, either way, over ${PB.window}; only with at least`,
            `${num(drift.minBilledUSD)} USD billed and a cost report read within ${drift.maxReportAge} (a stalled poller is not a drift).`,
          ],
          expr: dedent(`
            (
              genai_billing:cost_drift:ratio${PB.window} > ${num(drift.threshold)}
              or
              genai_billing:cost_drift:ratio${PB.window} < -${num(drift.threshold)}
            )
            and
            genai_billing:provider_cost_usd:increase${PB.window} >= ${num(drift.minBilledUSD)}
            and on (gen_ai_provider_name)
            genai_billing:cost_report_age:seconds < ${seconds(drift.maxReportAge)}`),
          annotations: {
            summary: `${provider} ${billedModel}: measured cost off the provider's bill by more than ${percent(drift.threshold)}`,
            description: `Over the last ${PB.window}, genai-otel measured ${billingValue('measured_cost_usd')} USD for ${billedModel} (${provider}) and the provider billed ${billingValue('provider_cost_usd')} USD: the measurement is {{ $value | humanizePercentage }} off the bill (threshold ${percent(drift.threshold)} either way${billedOffset ? `; measured cost read ${PB.delay} earlier for the bill's reporting delay` : ''}).`,
          },
        }),
      ],
    },
    {
      name: 'genai-otel.alerts.pipeline',
      comment: ['Is the telemetry arriving? (OTLP -> collector -> Prometheus).'],
      rules: [
        alert('GenAITelemetryAbsent', {
          comment: [
            `A service that had GenAI duration series within the last ${A.GenAITelemetryAbsent.lookback} has none now: the app stopped, or its`,
            'OTLP export, the collector or the scrape broke. A deliberately stopped service fires too, until it has',
            `been gone for ${A.GenAITelemetryAbsent.lookback}.`,
          ],
          expr: dedent(`
            max_over_time(genai_service:duration_series:count[${A.GenAITelemetryAbsent.lookback}])
            unless
            genai_service:duration_series:count`),
          annotations: {
            summary: `No GenAI metrics from ${svc}`,
            description: `${svc} reported {{ $value }} GenAI duration series within the last ${A.GenAITelemetryAbsent.lookback} and none for ${A.GenAITelemetryAbsent.for}: the service stopped, or its metrics no longer reach Prometheus.`,
          },
        }),
        alert('GenAIMetricsMissingForTracedService', {
          comment: ['Spans prove the service is running and calling models; its GenAI metrics do not arrive.'],
          expr: dedent(`
            genai_service:span_calls:rate10m > 0
            unless
            genai_service:duration_series:count`),
          annotations: {
            summary: `${svc} sends GenAI spans but no GenAI metrics`,
            description: `${svc} produced {{ $value | printf "%.3g" }} GenAI spans per second over the last 10 minutes (span_metrics), but none of its GenAI metrics reach Prometheus.`,
          },
        }),
        alert('GenAICollectorDown', {
          expr: `up{job=~"${collectorJobs}"} == 0`,
          annotations: {
            summary: 'Collector scrape target {{ $labels.instance }} is down',
            description: `Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }} (up = {{ $value }}) for ${A.GenAICollectorDown.for}: GenAI metrics are not collected, and the other GenAI alerts see nothing.`,
          },
        }),
        alert('GenAICollectorExportFailing', {
          comment: ['otelcol_* names: without _total on the pinned collector (collector/config.yaml), with _total elsewhere.'],
          expr: `(\n${indentLines(['spans', 'metric_points', 'log_records'].map(failed).join('\nor\n'), 2)}\n)\n> 0`,
          annotations: {
            summary: 'Collector exporter {{ $labels.exporter }} is dropping {{ $labels.signal }}',
            description:
              'Exporter {{ $labels.exporter }} of the collector at {{ $labels.instance }} failed to send {{ $value | printf "%.3g" }} {{ $labels.signal }} per second over the last 5 minutes; they are lost (retries exhausted).',
          },
        }),
        alert('GenAICollectorExportQueueFilling', {
          expr: dedent(`
            max by (job, instance, exporter, data_type) (${csel('otelcol_exporter_queue_size')})
            /
            max by (job, instance, exporter, data_type) (${csel('otelcol_exporter_queue_capacity')})
            > ${num(A.GenAICollectorExportQueueFilling.threshold)}`),
          annotations: {
            summary: 'Collector exporter {{ $labels.exporter }} send queue filling up',
            description: `The send queue of exporter {{ $labels.exporter }} on {{ $labels.instance }} is {{ $value | humanizePercentage }} full (threshold ${percent(A.GenAICollectorExportQueueFilling.threshold)}): its destination is slow or down; when the queue is full, new data is dropped.`,
          },
        }),
      ],
    },
  ];
  return { recording, alerting };
}

// ---- YAML ----------------------------------------------------------------------------------------------------------

const PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const YAML_WORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null']);
const scalar = (v) => (typeof v === 'string' && PLAIN.test(v) && !YAML_WORDS.has(v.toLowerCase()) ? v : JSON.stringify(v));

function emitGroups(groups) {
  const out = ['groups:'];
  for (const g of groups) {
    if (out.length > 1) out.push('');
    for (const line of g.comment ?? []) out.push(`  # ${line}`);
    out.push(`  - name: ${scalar(g.name)}`);
    if (g.interval) out.push(`    interval: ${g.interval}`);
    out.push('    rules:');
    for (const r of g.rules) {
      for (const line of r.comment ?? []) out.push(`      # ${line}`);
      out.push(r.record ? `      - record: ${r.record}` : `      - alert: ${r.alert}`);
      if (r.expr.includes('\n')) {
        out.push('        expr: |-');
        for (const line of r.expr.split('\n')) out.push(line ? `          ${line}` : '');
      } else {
        out.push(`        expr: '${r.expr.replaceAll("'", "''")}'`);
      }
      if (r.for) out.push(`        for: ${r.for}`);
      if (r.keep_firing_for) out.push(`        keep_firing_for: ${r.keep_firing_for}`);
      for (const key of ['labels', 'annotations']) {
        if (!r[key]) continue;
        out.push(`        ${key}:`);
        for (const [k, v] of Object.entries(r[key])) out.push(`          ${k}: ${key === 'labels' ? scalar(v) : JSON.stringify(v)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function header(lines) {
  return `${lines.map((l) => (l ? `# ${l}` : '#')).join('\n')}\n\n`;
}

/** Markdown-ish table of every alert's threshold, `for` and severity, as the alerts file header shows it. */
export function thresholdTable(c) {
  const A = c.alerts;
  const f = (name) => `for ${A[name].for}, ${A[name].severity}${A[name].team ? `, team ${A[name].team}` : ''}`;
  const rows = [
    ['GenAIRateLimitRatioHigh', `429 share of calls > ${percent(A.GenAIRateLimitRatioHigh.threshold)}`, f('GenAIRateLimitRatioHigh')],
    ['GenAIServerErrorRatioHigh', `5xx share of calls > ${percent(A.GenAIServerErrorRatioHigh.threshold)}`, f('GenAIServerErrorRatioHigh')],
    ['GenAITimeoutRatioHigh', `timeout share of calls > ${percent(A.GenAITimeoutRatioHigh.threshold)}`, f('GenAITimeoutRatioHigh')],
    ['GenAILatencyP95High', `p95 of successful calls > ${num(A.GenAILatencyP95High.thresholdSeconds)}s`, f('GenAILatencyP95High')],
    ['(floor for the four above)', c.minCallsPer5m > 0 ? `>= ${c.minCallsPer5m} calls per 5m` : 'none', ''],
    ['GenAICostOverrun', `spend today + 1h pace to 24:00 UTC > ${num(c.budget.dailyUSD)} USD`, f('GenAICostOverrun')],
    ...A.GenAIBudgetBurnRateHigh.windows.map((w) => [
      'GenAIBudgetBurnRateHigh',
      `burn > ${num(w.factor)}x over ${w.long} and ${w.short}`,
      `for ${w.for}, ${w.severity}${A.GenAIBudgetBurnRateHigh.team ? `, team ${A.GenAIBudgetBurnRateHigh.team}` : ''}`,
    ]),
    [
      'GenAICostUnknown',
      `unknown-cost share > ${percent(A.GenAICostUnknown.threshold)} (ignoring ${A.GenAICostUnknown.ignoredReasons.join(', ') || 'nothing'})`,
      f('GenAICostUnknown'),
    ],
    ['GenAICircuitBreakerOpen', `breaker state == 1 (keep_firing_for ${A.GenAICircuitBreakerOpen.keepFiringFor ?? '0s'})`, f('GenAICircuitBreakerOpen')],
    [
      'GenAICacheHitRatioDrop',
      `1h ratio < ${percent(1 - A.GenAICacheHitRatioDrop.drop)} of ${A.GenAICacheHitRatioDrop.baselineWindow} baseline (baseline >= ${percent(A.GenAICacheHitRatioDrop.minBaseline)}, >= ${num(A.GenAICacheHitRatioDrop.minInputTokensPerHour)} input tokens/h)`,
      f('GenAICacheHitRatioDrop'),
    ],
    [
      'GenAIProviderCostDrift',
      `measured vs billed cost over ${c.providerBilling.window} off by > ${percent(A.GenAIProviderCostDrift.threshold)} (>= ${num(A.GenAIProviderCostDrift.minBilledUSD)} USD billed, report < ${A.GenAIProviderCostDrift.maxReportAge} old)`,
      f('GenAIProviderCostDrift'),
    ],
    ['GenAIPriceDataStale', `price data age > ${A.GenAIPriceDataStale.maxAge}`, f('GenAIPriceDataStale')],
    avoidableSpendThresholdRow(c, f),
    ['GenAITelemetryAbsent', `series within ${A.GenAITelemetryAbsent.lookback}, none now`, f('GenAITelemetryAbsent')],
    ['GenAIMetricsMissingForTracedService', 'spans > 0/s, no metric series', f('GenAIMetricsMissingForTracedService')],
    ['GenAICollectorDown', `up == 0 (jobs ${c.collectorScrapeJobs.join(', ')})`, f('GenAICollectorDown')],
    ['GenAICollectorExportFailing', 'send_failed rate > 0', f('GenAICollectorExportFailing')],
    ['GenAICollectorExportQueueFilling', `queue > ${percent(A.GenAICollectorExportQueueFilling.threshold)} of capacity`, f('GenAICollectorExportQueueFilling')],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map((r) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`.trimEnd());
}

/**
 * The budgets of `config.monthlyBudgets.file` (relative to alerts/), or of `path` when given; undefined without a file.
 * Throws a BudgetsError naming the line of a mistake.
 */
export function loadConfiguredBudgets(config, path) {
  const file = path ?? config.monthlyBudgets.file;
  if (!file) return undefined;
  return loadBudgets(resolve(here, file));
}

/** rules/genai-budgets.yaml for `budgets` (undefined: no budgets, an empty rule file). */
export function generateBudgetRuleFile(config, budgets) {
  const { recording, alerting } = buildBudgetRules(config, budgets);
  const text =
    header([
      'GenAI monthly budget rules: spend per budget (month to date, projected), burn rates and the GenAIMonthlyBudget*',
      'alerts. GENERATED by alerts/generate-rules.mjs from alerts/config.mjs and the budgets file - do not edit by hand.',
      '',
      ...budgetHeader(config, budgets),
    ]) + (recording.length + alerting.length ? emitGroups([...recording, ...alerting]) : 'groups: []\n');
  return text;
}

/** @returns {Record<string, string>} file name -> YAML text */
export function generateRuleFiles(config, budgets = loadConfiguredBudgets(config)) {
  const { recording, alerting } = buildRules(config);
  const common = [
    'GENERATED by alerts/generate-rules.mjs from alerts/config.mjs - do not edit by hand: change alerts/config.mjs',
    '(or pass --overrides) and run `node alerts/generate-rules.mjs`. Tests: alerts/tests/, runbook: alerts/runbook.md.',
    '',
    'Rule names follow level:metric:operations (kubernetes-mixin / Prometheus naming). Levels - the labels kept:',
    `  genai_service   ${list([...config.extraGroupLabels, config.serviceLabel])}`,
    `  genai_provider  + gen_ai_provider_name`,
    `  genai_model     + gen_ai_operation_name, gen_ai_provider_name, gen_ai_request_model`,
    `  genai_model_le / genai_model_error_type / genai_model_reason   + le / error_type / genai_otel_cost_unknown_reason`,
    `  genai_budget    ${config.budget.by.length ? list(config.budget.by) : '(none: one budget for everything)'}`,
    `  genai_billing   gen_ai_provider_name, gen_ai_response_model (provider-billed vs measured cost; no service label)`,
    config.selector
      ? `Every GenAI series is read with the matchers {${config.selector}}.`
      : 'Every GenAI series matching the metric names is read (no extra selector).',
  ];
  const recordingText =
    header(['GenAI recording rules, shared by the alerts (genai-alerts.yaml) and the Grafana dashboards.', '', ...common]) + emitGroups(recording);
  const alertsText =
    header([
      'GenAI alerting rules. Thresholds, `for` durations, severities and teams (edit them in alerts/config.mjs):',
      '',
      ...thresholdTable(config).map((l) => l.slice(2)),
      '',
      `Routing (alertmanager/alertmanager.yml): severity critical -> pager, warning -> chat, team finance -> cost receiver.`,
      `Every alert links to ${config.runbookBaseUrl}#<alertname in lower case>.`,
      '',
      ...common,
    ]) + emitGroups(alerting);
  return { [RECORDING_FILE]: recordingText, [ALERTS_FILE]: alertsText, [BUDGETS_RULES_FILE]: generateBudgetRuleFile(config, budgets) };
}

/** Every alert the rule files define (the budget alerts included), for the runbook and test checks. */
export function alertNames(config, budgets) {
  const groups = [...buildRules(config).alerting, ...buildBudgetRules(config, budgets ?? SAMPLE_BUDGETS).alerting];
  return new Set(groups.flatMap((g) => g.rules.map((r) => r.alert)));
}

/** One budget, so that the checks see the budget alerts even when the configured file lists none. */
const SAMPLE_BUDGETS = {
  budgets: [{ name: 'team=x', dimension: 'genai_otel.team', label: 'genai_otel_team', value: 'x', monthlyUSD: 1, owner: 'x' }],
  file: 'sample',
};

/** Alert names that lack a `## <AlertName>` section in the runbook, and sections that name no alert. */
export function checkRunbook(config, runbookText) {
  const alerts = alertNames(config);
  const headings = new Set([...runbookText.matchAll(/^## (GenAI\w+)\s*$/gm)].map((m) => m[1]));
  return {
    missing: [...alerts].filter((a) => !headings.has(a)),
    extra: [...headings].filter((h) => !alerts.has(h)),
  };
}

/**
 * promtool evaluates rule groups in random order unless a test file lists them in group_eval_order; the tests need
 * recording groups before alert groups. Returns the test files whose group_eval_order lacks a group.
 */
export function checkTestGroupOrder(config, testFiles) {
  const rules = buildRules(config);
  const budgetRules = buildBudgetRules(config, SAMPLE_BUDGETS);
  const recording = [...rules.recording, ...budgetRules.recording];
  const alerting = [...rules.alerting, ...budgetRules.alerting];
  const problems = [];
  for (const [file, text] of Object.entries(testFiles)) {
    const order = text.match(/^group_eval_order:\n((?:\s+- .*\n)+)/m);
    if (!order) {
      problems.push(`${file}: no group_eval_order (promtool would evaluate the groups in random order)`);
      continue;
    }
    const listed = [...order[1].matchAll(/- (\S+)/g)].map((m) => m[1]);
    // The groups of the rule files the test loads.
    const loaded = [
      ...(text.includes(RECORDING_FILE) ? rules.recording : []),
      ...(text.includes(ALERTS_FILE) ? rules.alerting : []),
      ...(text.includes(BUDGETS_RULES_FILE) ? [...budgetRules.recording, ...budgetRules.alerting] : []),
    ];
    const wanted = loaded.map((g) => g.name);
    const missing = wanted.filter((n) => !listed.includes(n));
    if (missing.length) problems.push(`${file}: group_eval_order lacks ${missing.join(', ')}`);
    const recordingLast = Math.max(...listed.map((n, i) => (recording.some((g) => g.name === n) ? i : -1)));
    const alertingFirst = Math.min(...listed.map((n, i) => (alerting.some((g) => g.name === n) ? i : Infinity)));
    if (recordingLast > alertingFirst) problems.push(`${file}: group_eval_order must list the recording groups before the alert groups`);
  }
  return problems;
}

// ---- CLI ----------------------------------------------------------------------------------------------------------

function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      overrides: { type: 'string', multiple: true, default: [] },
      budgets: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      'print-config': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1);
    const header = lines.slice(
      0,
      lines.findIndex((l) => !l.startsWith('//')),
    );
    process.stdout.write(`${header.map((l) => l.replace(/^\/\/ ?/, '')).join('\n')}\n`);
    return 0;
  }
  const config = loadConfig(values.overrides.map((p) => JSON.parse(readFileSync(p, 'utf8'))));
  if (values['print-config']) {
    process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    return 0;
  }
  const files = generateRuleFiles(config, loadConfiguredBudgets(config, values.budgets && resolve(values.budgets)));
  if (values.check) {
    if (values.overrides.length || values.out || values.budgets)
      throw new Error('--check compares alerts/rules/ with config.mjs alone; drop --overrides/--out/--budgets');
    let ok = true;
    for (const [name, text] of Object.entries(files)) {
      let current = '';
      try {
        current = readFileSync(join(RULES_DIR, name), 'utf8');
      } catch {
        /* missing */
      }
      if (current !== text) {
        ok = false;
        process.stderr.write(`alerts/rules/${name} is out of date with alerts/config.mjs / generate-rules.mjs: run \`node alerts/generate-rules.mjs\`\n`);
      }
    }
    const { missing, extra } = checkRunbook(config, readFileSync(RUNBOOK_PATH, 'utf8'));
    for (const a of missing) {
      ok = false;
      process.stderr.write(`alerts/runbook.md has no "## ${a}" section (runbook_url points at #${lower(a)})\n`);
    }
    for (const h of extra) {
      ok = false;
      process.stderr.write(`alerts/runbook.md has a section "## ${h}" for an alert that does not exist\n`);
    }
    const testsDir = join(here, 'tests');
    const testFiles = Object.fromEntries(
      readdirSync(testsDir)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => [`alerts/tests/${f}`, readFileSync(join(testsDir, f), 'utf8')]),
    );
    const tested = new Set(Object.values(testFiles).flatMap((t) => [...t.matchAll(/^\s+alertname: (\w+)\s*$/gm)].map((m) => m[1])));
    for (const name of alertNames(config)) {
      if (!tested.has(name)) {
        ok = false;
        process.stderr.write(`no alert_rule_test in alerts/tests/*.yaml for ${name}\n`);
      }
    }
    for (const problem of checkTestGroupOrder(config, testFiles)) {
      ok = false;
      process.stderr.write(`${problem}\n`);
    }
    if (ok) process.stdout.write('alerts/rules/*.yaml are up to date; every alert has a runbook section and a promtool test; test files order the groups\n');
    return ok ? 0 : 1;
  }
  const dir = values.out ? resolve(values.out) : RULES_DIR;
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  process.stdout.write(
    `wrote ${Object.keys(files)
      .map((n) => join(dir, n))
      .join(', ')}\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`generate-rules: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
