/**
 * `genai-otel doctor`: the checks behind "the dashboard says No data". Each check is one HTTP probe of
 * one part of the pipeline (app → collector → Prometheus → Alertmanager) with a pass/fail line and a
 * hint for the fix. Endpoints default to the docker-compose ports. `--only` limits the checks to the
 * parts a set-up runs (e.g. `--only app` without a collector); the others are listed as skipped, with why.
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

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** The parts of the pipeline doctor can check, in pipeline order. */
export const PARTS = ['app', 'collector', 'prometheus', 'alertmanager'] as const;
export type Part = (typeof PARTS)[number];

/** What each part's checks probe (named on a SKIP line). */
const PART_CHECKS: Record<Part, string> = {
  app: 'app metrics endpoint',
  collector: 'OTLP/HTTP receiver, collector health',
  prometheus: 'Prometheus ready, genai-otel series, rule files',
  alertmanager: 'Alertmanager ready',
};

export interface DoctorPlan {
  /** The parts to check. */
  parts: Part[];
  /** Why the other parts are not checked (printed on their SKIP lines). */
  skipReason: string;
  /** Whether an unreachable app endpoint fails (otherwise it only warns). */
  appMetricsRequired: boolean;
  appMetrics: string;
}

/** Parses `--only`: a comma-separated list of parts; throws on anything else. */
export function parseParts(value: string): Part[] {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = parts.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (parts.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes a comma-separated list of ${PARTS.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return PARTS.filter((part) => parts.includes(part));
}

/**
 * Which parts to check:
 *   --only P,Q                      exactly those (the app's endpoint, when listed, is required);
 *   GENAI_OTEL_PROMETHEUS_PORT set  only the app, at http://localhost:<port>/metrics (the README's set-up without a
 *                                   collector: nothing else of the pipeline runs);
 *   otherwise                       every part (the docker-compose stack), the app's endpoint only as a warning
 *                                   unless --app-metrics names it.
 * `--app-metrics` sets the app's URL in every case.
 */
export function planDoctor(options: { only?: string; appMetrics?: string; env?: NodeJS.ProcessEnv }): DoctorPlan {
  const env = options.env ?? {};
  const port = env['GENAI_OTEL_PROMETHEUS_PORT']?.trim();
  const envPort = port !== undefined && /^[1-9]\d{0,4}$/.test(port) ? port : undefined;
  const host = env['GENAI_OTEL_PROMETHEUS_HOST']?.trim();
  const envHost = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const appMetrics = options.appMetrics ?? (envPort ? `http://${envHost}:${envPort}/metrics` : DEFAULT_ENDPOINTS.appMetrics);
  if (options.only !== undefined) {
    const parts = parseParts(options.only);
    if (options.appMetrics !== undefined && !parts.includes('app')) throw new Error('--app-metrics is given, but --only leaves out app');
    return { parts, skipReason: `not in --only ${parts.join(',')}`, appMetricsRequired: parts.includes('app'), appMetrics };
  }
  if (envPort !== undefined) {
    return {
      parts: ['app'],
      skipReason: `GENAI_OTEL_PROMETHEUS_PORT=${envPort} is set (the app serves /metrics itself, no collector needed); check them with --only ${PARTS.join(',')}`,
      appMetricsRequired: true,
      appMetrics,
    };
  }
  return { parts: [...PARTS], skipReason: '', appMetricsRequired: options.appMetrics !== undefined, appMetrics };
}

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
  const families = new Set(
    text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ')[2]),
  );
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
    return {
      name,
      status: 'fail',
      detail: `HTTP ${response.status} for an empty OTLP export`,
      hint: 'is this an OTLP/HTTP receiver (port 4318)?',
      required: true,
    };
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `unreachable (${unreachable(error)})`,
      hint: 'start the collector (docker compose up -d collector) or set OTEL_EXPORTER_OTLP_ENDPOINT; without a collector: --only app',
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
    return [
      {
        name: `Prometheus ${base}`,
        status: 'fail',
        detail: `unreachable (${unreachable(error)})`,
        hint: 'start Prometheus (docker compose up -d prometheus) or pass --prometheus',
        required: true,
      },
    ];
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
        : {
            name: 'Prometheus rule files loaded',
            status: 'fail',
            detail: 'no rules',
            hint: 'check rule_files in prometheus.yml and promtool check rules',
            required: true,
          },
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
    return {
      name,
      status: 'fail',
      detail: `unreachable (${unreachable(error)})`,
      hint: 'start Alertmanager (docker compose up -d alertmanager) or pass --alertmanager',
      required: true,
    };
  }
}

/**
 * Runs the checks of `parts` (default: all), in pipeline order; every other part gives one `skip` result that
 * names its checks and `skipReason`.
 */
export async function runChecks(
  endpoints: DoctorEndpoints,
  options: { appMetricsRequired: boolean; parts?: readonly Part[]; skipReason?: string },
): Promise<CheckResult[]> {
  const parts = options.parts ?? PARTS;
  const run: Record<Part, () => Promise<CheckResult[]>> = {
    app: async () => [await checkAppMetrics(endpoints.appMetrics, options.appMetricsRequired)],
    collector: async () => [await checkOtlp(endpoints.otlp), await checkCollectorHealth(endpoints.collectorHealth)],
    prometheus: () => checkPrometheus(endpoints.prometheus),
    alertmanager: async () => [await checkAlertmanager(endpoints.alertmanager)],
  };
  const results: CheckResult[] = [];
  for (const part of PARTS) {
    if (parts.includes(part)) results.push(...(await run[part]()));
    else results.push({ name: `${part} (${PART_CHECKS[part]})`, status: 'skip', detail: options.skipReason || 'not selected', required: false });
  }
  return results;
}

export function formatResults(results: readonly CheckResult[]): string {
  const label = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' } as const;
  return results
    .map(
      (result) =>
        `${label[result.status]}  ${result.name}: ${result.detail}${(result.status === 'fail' || result.status === 'warn') && result.hint ? `\n      hint: ${result.hint}` : ''}`,
    )
    .join('\n');
}

/** Exit code: 1 when a required check failed. */
export function exitCode(results: readonly CheckResult[]): number {
  return results.some((result) => result.required && result.status === 'fail') ? 1 : 0;
}
