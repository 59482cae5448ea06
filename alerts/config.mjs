// Every value the GenAI recording and alerting rules are built from: thresholds, `for:` durations, severities,
// budget, label names, selectors, the runbook address. This is the file to edit.
//
//   1. change a value below;
//   2. `node alerts/generate-rules.mjs`            rewrites alerts/rules/genai-recording.yaml and genai-alerts.yaml;
//   3. `bash scripts/test-alerts.sh`               the promtool tests in alerts/tests/ assert the DEFAULT values
//                                                  below: a changed threshold makes the matching test fail until its
//                                                  input series / expectations are updated too (on purpose).
//
// A deployment that only needs other numbers (e.g. the end-to-end test with short `for:`s, or a production budget)
// can leave this file alone and pass a JSON overrides file instead:
//   node alerts/generate-rules.mjs --overrides my-overrides.json --out /etc/prometheus/rules
// Objects are merged key by key; arrays and scalars replace the default. Example:
//   { "budget": { "dailyUSD": 2500 }, "alerts": { "GenAIRateLimitRatioHigh": { "threshold": 0.1, "for": "5m" } } }
//
// Durations are Prometheus durations (30s, 5m, 1h, 1d). Ratios are fractions (0.05 = 5 %).

export default {
  // ---- labels and selectors -------------------------------------------------------------------------------------

  // The label that names the service on every GenAI series. The collector's `prometheus` exporter (and
  // prometheus_remote_write, and Prometheus 3's own OTLP receiver) turn the resource attribute service.name into
  // `job` (`service.namespace/service.name` when a namespace is set); with resource_to_telemetry_conversion or
  // Grafana Cloud it would also appear as `service_name`. Every recording rule keeps this label, every alert text
  // names it.
  serviceLabel: 'job',

  // Further labels kept by every aggregation next to serviceLabel (absent labels cost nothing). The collector
  // promotes deployment.environment.name onto every series (collector/config.yaml, resource_constant_labels), so a
  // staging and a production instance of the same service stay apart.
  extraGroupLabels: ['deployment_environment_name'],

  // Extra label matchers added to every GenAI series the rules read (app metrics and span metrics), e.g.
  // 'deployment_environment_name="production"'. Empty: all series.
  selector: '',

  // Label matchers added to the collector's own series (otelcol_*), e.g. 'job="otelcol"'. Empty: all of them.
  collectorSelector: '',

  // Prometheus scrape jobs of the collector (prometheus/prometheus.yml): its GenAI /metrics endpoint and its own
  // telemetry. `up == 0` on any of them fires GenAICollectorDown.
  collectorScrapeJobs: ['genai-otel-collector', 'otelcol'],

  // Every alert's runbook_url is <runbookBaseUrl>#<alertname in lower case> (a heading of alerts/runbook.md).
  runbookBaseUrl: 'https://github.com/genai-otel/genai-otel/blob/main/alerts/runbook.md',

  // ---- traffic floor --------------------------------------------------------------------------------------------

  // Ratio and latency alerts stay silent for a service/model with fewer calls than this in the 5-minute window
  // (one failure out of three calls is not a 33 % outage). 0 disables the floor.
  minCallsPer5m: 10,

  // ---- outcomes ---------------------------------------------------------------------------------------------------

  // error_type values of calls the CALLER cut short: `aborted` (its AbortController, before the answer was complete)
  // and `stream_cancelled` (it stopped reading a stream: `break`, stream.controller.abort(), its signal mid-stream).
  // They are not failures of the call: the error ratios (genai_{model,provider,service}:errors:ratio_rate5m) leave
  // them out of the failed calls (they still count among all calls), and no call alert reads them. SDK timeouts are
  // `timeout`, whoever configured them, and stay failures.
  callerCancelledErrorTypes: ['aborted', 'stream_cancelled'],

  // ---- budget ---------------------------------------------------------------------------------------------------

  budget: {
    // Daily GenAI budget in USD, for GenAICostOverrun and GenAIBudgetBurnRateHigh. The day is the UTC day.
    dailyUSD: 100,
    // Labels the budget applies to separately. [] = one budget for everything the selector matches;
    // ['job'] = the same daily budget for each service.
    by: [],
  },

  // ---- monthly budgets per feature / team / tenant ---------------------------------------------------------------
  // Monthly USD budgets per value of a promoted attribution key (team: search -> genai_otel_team="search"), optionally
  // per provider or model, plus a default: a YAML file, validated with the line of each mistake (alerts/budgets.mjs).
  // Generated: rules/genai-budgets.yaml (month to date, end-of-month projection, burn rates; the
  // GenAIMonthlyBudget* alerts below). `--budgets other.yaml` on the command line uses another file.

  monthlyBudgets: {
    // Path of the budgets file, relative to alerts/ (or absolute). '' = no monthly budgets (an empty rule file).
    file: 'budgets.yaml',
  },

  // ---- provider-billed cost (genai-otel usage-poller, packages/provider-usage) ---------------------------------
  // genai-otel's measured cost (gen_ai_client_operation_cost_USD_sum) is compared with what the provider bills
  // (genai_otel_provider_cost_USD_total, read from the provider's cost report by the usage poller), per provider and
  // model (gen_ai_response_model: the provider reports the model that served, e.g. gpt-4o-mini-2024-07-18).

  providerBilling: {
    // The comparison window: increase of both counters over it.
    window: '1d',
    // How late the bill reaches Prometheus: the provider's reporting delay plus the poller's interval. The measured
    // side is read this much earlier (`offset`), so both cover the same calls. '0s' = no offset.
    delay: '30m',
    // Label matchers for the provider-billed series only, e.g. 'genai_otel_provider_project="proj_abc"' when only
    // some of the organization's projects run instrumented apps (the bill covers the whole organization).
    billedSelector: '',
  },

  // ---- alerts, by name --------------------------------------------------------------------------------------------
  // severity: critical -> pager, warning -> chat (alertmanager/alertmanager.yml); team: finance -> cost receiver.

  alerts: {
    // Share of calls answered HTTP 429 (error_type="rate_limited").
    GenAIRateLimitRatioHigh: { threshold: 0.05, for: '2m', severity: 'warning' },
    // Share of calls failing with a provider-side 5xx (error_type "overloaded" = 503/529, "server_error" = other 5xx).
    GenAIServerErrorRatioHigh: { threshold: 0.02, for: '1m', severity: 'critical' },
    // Share of calls that timed out (error_type="timeout": HTTP 408, connect/headers/body timeouts, SDK timeouts).
    GenAITimeoutRatioHigh: { threshold: 0.01, for: '3m', severity: 'warning' },
    // p95 duration of successful calls, seconds.
    GenAILatencyP95High: { thresholdSeconds: 2, for: '5m', severity: 'warning' },
    // Spend so far today + the last hour's pace until midnight (UTC) > budget.dailyUSD.
    GenAICostOverrun: { for: '15m', severity: 'warning', team: 'finance' },
    // genai_otel_guard_breaker_state == 1 (open). keepFiringFor bridges the short half-open probes between two
    // open periods, so a breaker that keeps re-opening stays one alert.
    GenAICircuitBreakerOpen: { for: '1m', keepFiringFor: '2m', severity: 'critical' },
    // Share of calls whose cost is unknown, per reason, except the reasons listed (calls that failed or were
    // aborted before usage arrived: expected with errors, covered by the error alerts).
    GenAICostUnknown: {
      threshold: 0.01,
      for: '15m',
      severity: 'warning',
      team: 'finance',
      ignoredReasons: ['aborted', 'error_billing_unknown'],
    },
    // A service that had GenAI metric series within `lookback` has none now.
    GenAITelemetryAbsent: { lookback: '1h', for: '10m', severity: 'warning' },
    // A service whose GenAI spans arrive (span_metrics) but whose GenAI metrics do not.
    GenAIMetricsMissingForTracedService: { for: '15m', severity: 'warning' },
    // up == 0 for a collector scrape target (collectorScrapeJobs).
    GenAICollectorDown: { for: '5m', severity: 'warning' },
    // Any otelcol_exporter_send_failed_* increase: data dropped after the exporter's retries.
    GenAICollectorExportFailing: { for: '2m', severity: 'warning' },
    // otelcol_exporter_queue_size / otelcol_exporter_queue_capacity above threshold.
    GenAICollectorExportQueueFilling: { threshold: 0.8, for: '5m', severity: 'warning' },
    // Multi-window burn rate of the daily budget: spend rate / (dailyUSD per day). Fires when BOTH windows burn
    // faster than `factor` (the short window makes it resolve quickly once spending stops). One rule per entry.
    GenAIBudgetBurnRateHigh: {
      team: 'finance',
      windows: [
        // 6x the budget pace for an hour = a quarter of the day's budget gone in that hour.
        { severity: 'critical', long: '1h', short: '5m', factor: 6, for: '2m' },
        // 3x for six hours = the day's budget gone by the evening.
        { severity: 'warning', long: '6h', short: '30m', factor: 3, for: '15m' },
      ],
    },
    // Monthly budgets (monthlyBudgets above), multi-window multi-burn-rate as the SRE workbook alerts on error budgets:
    // fires when BOTH windows spend faster than the pace that would use `budgetShare` of the monthly budget within the
    // long window (burn factor = budgetShare x 30 days / long window). Per budget; to the owner's receiver.
    GenAIMonthlyBudgetBurnRateHigh: {
      windows: [
        // 2 % of the month's budget in one hour (burn 14.4x): pages.
        { severity: 'critical', long: '1h', short: '5m', budgetShare: 0.02, for: '2m' },
        // 5 % in six hours (burn 6x): warns.
        { severity: 'warning', long: '6h', short: '30m', budgetShare: 0.05, for: '15m' },
      ],
    },
    // The month's spend reached the budget.
    GenAIMonthlyBudgetExhausted: { for: '5m', severity: 'critical' },
    // Measured cost off the provider's bill by more than `threshold` (either way) over providerBilling.window, per
    // provider and model; only with at least minBilledUSD billed in the window, and while the poller's last complete
    // read of the cost report is younger than maxReportAge (a stalled poller is not a billing drift).
    GenAIProviderCostDrift: { threshold: 0.1, minBilledUSD: 1, maxReportAge: '3h', for: '1h', severity: 'warning', team: 'finance' },
    // The price data the costs are computed with (@genai-otel/pricing: the bundled snapshot, or a loaded newer file) is
    // older than maxAge, by its own date (genai_otel_pricing_data_age_seconds): prices change monthly, so costs drift
    // from the bill. Per service and price data (version, origin).
    GenAIPriceDataStale: { maxAge: '45d', for: '1h', severity: 'warning', team: 'finance' },
    // Avoidable spend (repeated identical requests a response cache would have answered — fixed sampling only —,
    // prompt-cache misses, Anthropic cache writes never read; README "Avoidable spend") above `threshold` of the spend
    // over `window`, per service; only with at least minSpendUSD spent in the window.
    GenAIAvoidableSpendHigh: { threshold: 0.2, window: '1d', minSpendUSD: 1, for: '1h', severity: 'warning', team: 'finance' },
    // Prompt-cache hit ratio (cache-read input tokens / input tokens) over the last hour fell below
    // (1 - drop) x its average over `baselineWindow` (ending an hour ago). Only for models whose baseline was at
    // least minBaseline and with at least minInputTokensPerHour input tokens in the last hour.
    GenAICacheHitRatioDrop: {
      drop: 0.5,
      baselineWindow: '1d',
      minBaseline: 0.1,
      minInputTokensPerHour: 50000,
      for: '30m',
      severity: 'warning',
    },
  },
};
