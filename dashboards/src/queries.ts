// Every panel query of a dashboard, with Grafana's macros and template variables substituted the way Grafana would
// render them, ready to send to Prometheus' HTTP API (unit tests check they parse; the end-to-end test checks they
// return data).
import { ALL_VALUE, mayBeEmptyReason, PROMETHEUS_UID } from './common.js';
import { buildDashboards } from './dashboards.js';

/** The part of a Grafana dashboard JSON that panelQueries reads (the foundation SDK's Dashboard, or parsed JSON). */
export interface DashboardLike {
  uid?: string;
  title?: string;
  panels?: PanelLike[];
}

interface PanelLike {
  id?: number;
  type?: string;
  title?: string;
  timeFrom?: string;
  datasource?: { type?: string; uid?: string };
  targets?: unknown[];
  /** Collapsed rows keep their panels here. */
  panels?: PanelLike[];
}

interface TargetLike {
  refId?: string;
  expr?: string;
  instant?: boolean;
  range?: boolean;
  format?: string;
  hide?: boolean;
  datasource?: { type?: string; uid?: string };
}

/** A multi-value variable's selection: 'All' (rendered as its allValue, `.*`) or the selected values. */
export type VariableSelection = 'All' | string[];

export interface SubstitutionOptions {
  /** `$__rate_interval` (default `1m`). */
  rateInterval?: string;
  /** `$__interval` (default `15s`); `$__interval_ms` follows. */
  interval?: string;
  /** `$__range` (default `1h`); `$__range_s` and `$__range_ms` follow. */
  range?: string;
  /** What `$datasource` renders to (default the provisioned Prometheus uid). */
  datasourceUid?: string;
  /** Selections of the service (`job`), `provider` and `model` variables; default All. */
  variables?: Partial<Record<'job' | 'provider' | 'model', VariableSelection>> & {
    /** The spend-attribution dashboard's single-value `dimension` (an attribution label); default `genai_otel_team`. */
    dimension?: string;
  };
}

export interface PanelQuery {
  dashboardUid: string;
  dashboardTitle: string;
  panelId: number;
  panelTitle: string;
  panelType: string;
  refId: string;
  /** The query with every macro and variable substituted: valid PromQL. */
  expr: string;
  /** The query as stored in the dashboard. */
  rawExpr: string;
  /** true: an instant query (evaluate at one time); false: a range query (query_range over `range`). */
  instant: boolean;
  /** Grafana result format: time_series, table or heatmap. */
  format: string;
  /** Panel time override (e.g. `now/d`: from today's midnight), if any. */
  timeFrom?: string;
  /**
   * Set when the query can legitimately return no series although GenAI traffic flows (e.g. streams only, only
   * after a failure, a metric not emitted yet): the reason. An end-to-end "returns data" check should skip these,
   * or only demand data where its traffic produces them.
   */
  mayBeEmpty?: string;
}

const DURATION = /^(\d+)(ms|s|m|h|d|w|y)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** Milliseconds of a single-unit Prometheus/Grafana duration such as `15s`, `1m`, `1h`. */
export function durationMs(duration: string): number {
  const match = DURATION.exec(duration);
  if (!match) throw new Error(`unsupported duration ${JSON.stringify(duration)} (use one unit, e.g. 15s, 1m, 1h)`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/**
 * A value as Grafana's Prometheus datasource interpolates it into a multi-value / include-All variable: regex
 * special characters escaped with `\\` (a backslash escaped for the PromQL string literal), several values joined
 * as `(a|b)` (prometheusSpecialRegexEscape + interpolateQueryExpr in Grafana's Prometheus datasource).
 */
export function renderMultiValue(selection: VariableSelection): string {
  if (selection === 'All') return ALL_VALUE;
  const escaped = selection.map((v) => v.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&'));
  if (escaped.length === 0) throw new Error('a variable selection needs at least one value (or All)');
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
}

/** Substitutes Grafana's macros and the dashboard variables in one expression. Unknown `$names` are an error. */
export function substituteQuery(expr: string, options: SubstitutionOptions = {}): string {
  const rangeMs = durationMs(options.range ?? '1h');
  const intervalMs = durationMs(options.interval ?? '15s');
  const selections = options.variables ?? {};
  const values: Record<string, string> = {
    __rate_interval: options.rateInterval ?? '1m',
    __interval: options.interval ?? '15s',
    __interval_ms: String(intervalMs),
    __range: options.range ?? '1h',
    __range_s: String(Math.floor(rangeMs / 1000)),
    __range_ms: String(rangeMs),
    datasource: options.datasourceUid ?? PROMETHEUS_UID,
    job: renderMultiValue(selections.job ?? 'All'),
    provider: renderMultiValue(selections.provider ?? 'All'),
    model: renderMultiValue(selections.model ?? 'All'),
    dimension: selections.dimension ?? 'genai_otel_team',
  };
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values[name];
    if (value === undefined) throw new Error(`unknown variable or macro ${whole} in query: ${expr}`);
    return value;
  });
}

function collectPanels(panels: PanelLike[] | undefined): PanelLike[] {
  return (panels ?? []).flatMap((p) => (p.type === 'row' ? collectPanels(p.panels) : [p]));
}

let registryReady = false;

/**
 * Every Prometheus query of every panel of `dashboard` (rows included, collapsed or not; hidden queries skipped), with
 * `$__rate_interval` → `1m`, `$__range` → `1h`, `$__interval` → `15s`, `$datasource` → the Prometheus uid and the
 * service / provider / model variables → `.*` (All), `$dimension` → `genai_otel_team`, unless `options` says otherwise.
 */
export function panelQueries(dashboard: DashboardLike, options: SubstitutionOptions = {}): PanelQuery[] {
  if (!registryReady) {
    buildDashboards(); // registers which queries may be empty
    registryReady = true;
  }
  const result: PanelQuery[] = [];
  for (const panel of collectPanels(dashboard.panels)) {
    for (const raw of panel.targets ?? []) {
      const target = raw as TargetLike;
      const datasourceType = target.datasource?.type ?? panel.datasource?.type;
      if (target.hide || datasourceType !== 'prometheus' || typeof target.expr !== 'string') continue;
      const query: PanelQuery = {
        dashboardUid: dashboard.uid ?? '',
        dashboardTitle: dashboard.title ?? '',
        panelId: panel.id ?? 0,
        panelTitle: panel.title ?? '',
        panelType: panel.type ?? '',
        refId: target.refId ?? '',
        expr: substituteQuery(target.expr, options),
        rawExpr: target.expr,
        instant: target.instant === true && target.range !== true,
        format: target.format ?? 'time_series',
      };
      if (panel.timeFrom) query.timeFrom = panel.timeFrom;
      const reason = mayBeEmptyReason(target.expr);
      if (reason) query.mayBeEmpty = reason;
      result.push(query);
    }
  }
  return result;
}

/** The queries of all genai-otel dashboards, built from the code (identical to generated/*.json when up to date). */
export function dashboardQueries(options: SubstitutionOptions = {}): PanelQuery[] {
  return buildDashboards().flatMap(({ dashboard }) => panelQueries(dashboard, options));
}
