/**
 * `genai-otel doctor`: the checks behind "the dashboard says No data". Each check is one HTTP probe of
 * one part of the pipeline (app → collector → Prometheus → Alertmanager) with a pass/fail line and a
 * hint for the fix. Endpoints default to the docker-compose ports.
 */

export interface DoctorEndpoints {
  /** The app's own Prometheus endpoint (`GENAI_OTEL_PROMETHEUS_PORT`). */
  appMetrics: string;
  /** Where the app sends OTLP/HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  otlp: string;
  /** The collector's health_check extension. */
  collectorHealth: string;
  prometheus: string;
  alertmanager: string;
}

export const DEFAULT_ENDPOINTS: DoctorEndpoints = {
  appMetrics: 'http://localhost:9464/metrics',
  otlp: 'http://localhost:4318',
  collectorHealth: 'http://localhost:13133/',
  prometheus: 'http://localhost:9090',
  alertmanager: 'http://localhost:9093',
};

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a failure. */
  hint?: string;
  /** A failed required check makes `doctor` exit non-zero. */
  required: boolean;
}

/**
 * Metric families the app's endpoint must expose once it has made one successful chat call, named
 * as `@opentelemetry/exporter-prometheus` writes them (no unit suffix; `_total` on counters).
 */
export const REQUIRED_APP_FAMILIES = [
  'gen_ai_client_inference_duration',
  'gen_ai_client_inference_usage_input_tokens_total',
  'gen_ai_client_inference_usage_output_tokens_total',
  'gen_ai_client_inference_operation_input_tokens',
  'gen_ai_client_inference_operation_output_tokens',
];

const TIMEOUT_MS = 3_000;

async function get(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
}

function unreachable(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS} ms`;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

export async function checkAppMetrics(url: string, required: boolean): Promise<CheckResult> {
  const name = `app metrics endpoint ${url}`;
  let text: string;
  try {
    const response = await get(url);
    if (!response.ok) return { name, status: 'fail', detail: `HTTP ${response.status}`, hint: 'is this the app’s /metrics path?', required };
    text = await response.text();
  } catch (error) {
    return {
      name,
      status: required ? 'fail' : 'warn',
      detail: `unreachable (${unreachable(error)})`,
      hint: 'start the app with GENAI_OTEL_PROMETHEUS_PORT set (only needed without a collector), or pass --app-metrics',
      required,
    };
  }
  const families = new Set(text.split('\n').filter((line) => line.startsWith('# TYPE ')).map((line) => line.split(' ')[2]));
  const missing = REQUIRED_APP_FAMILIES.filter((family) => !families.has(family));
  if (missing.length > 0) {
    return {
      name,
      status: 'fail',
      detail: `missing ${missing.join(', ')}`,
      hint: 'no LLM call recorded yet: make one call, and check the app constructs its SDK clients after registration',
      required,
    };
  }
  return { name, status: 'pass', detail: `all ${REQUIRED_APP_FAMILIES.length} required metric families present`, required };
}

export async function checkOtlp(base: string): Promise<CheckResult> {
  const name = `OTLP/HTTP receiver ${base}`;
  try {
    const response = await get(`${base.replace(/\/$/, '')}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"resourceMetrics":[]}',
    });
    if (response.ok) return { name, status: 'pass', detail: `accepts OTLP (HTTP ${response.status})`, required: true };
    return { name, status: 'fail', detail: `HTTP ${response.status} for an empty OTLP export`, hint: 'is this an OTLP/HTTP receiver (port 4318)?', required: true };
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `unreachable (${unreachable(error)})`,
      hint: 'start the collector (docker compose up otel-collector) or set OTEL_EXPORTER_OTLP_ENDPOINT',
      required: true,
    };
  }
}

export async function checkCollectorHealth(url: string): Promise<CheckResult> {
  const name = `collector health ${url}`;
  try {
    const response = await get(url);
    if (response.ok) return { name, status: 'pass', detail: `healthy (HTTP ${response.status})`, required: true };
    return { name, status: 'fail', detail: `HTTP ${response.status}`, hint: 'the collector is up but not ready: see its logs', required: true };
  } catch (error) {
    return { name, status: 'fail', detail: `unreachable (${unreachable(error)})`, hint: 'is the health_check extension enabled on this port?', required: true };
  }
}

interface PrometheusAnswer<T> {
  status: string;
  data: T;
}

async function prometheusQuery<T>(base: string, path: string): Promise<PrometheusAnswer<T>> {
  const response = await get(`${base.replace(/\/$/, '')}${path}`);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${path}`);
  return (await response.json()) as PrometheusAnswer<T>;
}

export async function checkPrometheus(base: string): Promise<CheckResult[]> {
  try {
    const ready = await get(`${base.replace(/\/$/, '')}/-/ready`);
    if (!ready.ok) return [{ name: `Prometheus ${base}`, status: 'fail', detail: `not ready (HTTP ${ready.status})`, required: true }];
  } catch (error) {
    return [{ name: `Prometheus ${base}`, status: 'fail', detail: `unreachable (${unreachable(error)})`, hint: 'start Prometheus (docker compose up prometheus) or pass --prometheus', required: true }];
  }
  const results: CheckResult[] = [{ name: `Prometheus ${base}`, status: 'pass', detail: 'ready', required: true }];
  try {
    const query = encodeURIComponent('count({__name__=~"gen_ai_client_.+"})');
    const answer = await prometheusQuery<{ result: Array<{ value: [number, string] }> }>(base, `/api/v1/query?query=${query}`);
    const series = Number(answer.data.result[0]?.value[1] ?? 0);
    results.push(
      series > 0
        ? { name: 'Prometheus has genai-otel series', status: 'pass', detail: `${series} gen_ai_client_* series`, required: true }
        : {
            name: 'Prometheus has genai-otel series',
            status: 'fail',
            detail: 'no gen_ai_client_* series',
            hint: 'check the scrape target of the collector’s prometheus exporter at /api/v1/targets, and that the app exports OTLP',
            required: true,
          },
    );
  } catch (error) {
    results.push({ name: 'Prometheus has genai-otel series', status: 'fail', detail: unreachable(error), required: true });
  }
  try {
    const answer = await prometheusQuery<{ groups: Array<{ name: string; rules: unknown[] }> }>(base, '/api/v1/rules');
    const rules = answer.data.groups.reduce((sum, group) => sum + group.rules.length, 0);
    results.push(
      rules > 0
        ? { name: 'Prometheus rule files loaded', status: 'pass', detail: `${answer.data.groups.length} groups, ${rules} rules`, required: true }
        : { name: 'Prometheus rule files loaded', status: 'fail', detail: 'no rules', hint: 'check rule_files in prometheus.yml and promtool check rules', required: true },
    );
  } catch (error) {
    results.push({ name: 'Prometheus rule files loaded', status: 'fail', detail: unreachable(error), required: true });
  }
  return results;
}

export async function checkAlertmanager(base: string): Promise<CheckResult> {
  const name = `Alertmanager ${base}`;
  try {
    const response = await get(`${base.replace(/\/$/, '')}/-/ready`);
    if (response.ok) return { name, status: 'pass', detail: 'ready', required: true };
    return { name, status: 'fail', detail: `not ready (HTTP ${response.status})`, required: true };
  } catch (error) {
    return { name, status: 'fail', detail: `unreachable (${unreachable(error)})`, hint: 'start Alertmanager (docker compose up alertmanager) or pass --alertmanager', required: true };
  }
}

/** Runs every check, in pipeline order. */
export async function runChecks(endpoints: DoctorEndpoints, options: { appMetricsRequired: boolean }): Promise<CheckResult[]> {
  return [
    await checkAppMetrics(endpoints.appMetrics, options.appMetricsRequired),
    await checkOtlp(endpoints.otlp),
    await checkCollectorHealth(endpoints.collectorHealth),
    ...(await checkPrometheus(endpoints.prometheus)),
    await checkAlertmanager(endpoints.alertmanager),
  ];
}

export function formatResults(results: readonly CheckResult[]): string {
  const label = { pass: 'PASS', fail: 'FAIL', warn: 'WARN' } as const;
  return results
    .map((result) => `${label[result.status]}  ${result.name}: ${result.detail}${result.status !== 'pass' && result.hint ? `\n      hint: ${result.hint}` : ''}`)
    .join('\n');
}

/** Exit code: 1 when a required check failed. */
export function exitCode(results: readonly CheckResult[]): number {
  return results.some((result) => result.required && result.status === 'fail') ? 1 : 0;
}
