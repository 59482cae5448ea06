// Shared pieces of every genai-otel dashboard: the datasource, the template variables, label selectors, query and
// panel helpers on top of @grafana/grafana-foundation-sdk's typed builders.
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** uid of the Prometheus datasource (provisioning/datasources/datasources.yaml). */
export const PROMETHEUS_UID = 'genai-otel-prometheus';
/** uid of the Tempo datasource. */
export const TEMPO_UID = 'genai-otel-tempo';
/** uid of the Alertmanager datasource. */
export const ALERTMANAGER_UID = 'genai-otel-alertmanager';

/**
 * Matcher leaving out the calls the caller cut short (`aborted`, `stream_cancelled`): they are not failures in any
 * error ratio, as in the recording rules. The list is alerts/config.mjs' callerCancelledErrorTypes
 * (dashboards/test/queries.test.ts checks they agree).
 */
export const NOT_CALLER_CANCELLED = 'error_type!~"aborted|stream_cancelled"';

/** Names of the template variables every dashboard has. */
export const VARIABLES = ['datasource', 'job', 'provider', 'model'] as const;
export type VariableName = (typeof VARIABLES)[number];

/** What a multi-value variable renders to when "All" is selected (its `allValue`). */
export const ALL_VALUE = '.*';

/** Every panel and query reads Prometheus through the `datasource` variable (default: PROMETHEUS_UID). */
export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The metric the service / provider / model variables list their values from (every inference call has one). */
const VARIABLE_SOURCE = 'gen_ai_client_inference_duration_seconds_count';

export function variables(): cog.Builder<dashboard.VariableModel>[] {
  const all: dashboard.VariableOption = { selected: true, text: ['All'], value: ['$__all'] };
  const labelVariable = (name: string, label: string, description: string, query: string) =>
    new dashboard.QueryVariableBuilder(name)
      .label(label)
      .description(description)
      .datasource(DATASOURCE)
      .query(query)
      .definition(query)
      .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
      .sort(dashboard.VariableSort.AlphabeticalCaseInsensitiveAsc)
      .multi(true)
      .includeAll(true)
      .allValue(ALL_VALUE)
      .current(all);
  return [
    new dashboard.DatasourceVariableBuilder('datasource')
      .label('Datasource')
      .type('prometheus')
      .current({ selected: true, text: 'Prometheus', value: PROMETHEUS_UID }),
    labelVariable('job', 'Service', 'service.name of the instrumented app (Prometheus label job).', `label_values(${VARIABLE_SOURCE}, job)`),
    labelVariable(
      'provider',
      'Provider',
      'gen_ai.provider.name (openai, anthropic, gcp.gemini, ...).',
      `label_values(${VARIABLE_SOURCE}{job=~"$job"}, gen_ai_provider_name)`,
    ),
    labelVariable(
      'model',
      'Model',
      'gen_ai.request.model: the model the request asked for.',
      `label_values(${VARIABLE_SOURCE}{job=~"$job", gen_ai_provider_name=~"$provider"}, gen_ai_request_model)`,
    ),
  ];
}

/**
 * The label matchers of the service, provider and model variables, plus `extra` matchers, for a selector's braces.
 * `sel()` → `job=~"$job", gen_ai_provider_name=~"$provider", gen_ai_request_model=~"$model"`.
 */
export function sel(...extra: string[]): string {
  return ['job=~"$job"', 'gen_ai_provider_name=~"$provider"', 'gen_ai_request_model=~"$model"', ...extra].join(', ');
}

/** Service and provider matchers only, for series without a request-model label. */
export function selJobProvider(...extra: string[]): string {
  return ['job=~"$job"', 'gen_ai_provider_name=~"$provider"', ...extra].join(', ');
}

/** A collector self-metric under both its names: without `_total` (pinned collector) and with it (other versions). */
export function otelcol(name: string): string {
  return `{__name__=~"${name}(_total)?"}`;
}

/**
 * Queries that may legitimately return no series even with traffic flowing, keyed by their expression: the reason
 * why. `panelQueries()` reports it as `mayBeEmpty` so that an end-to-end "every query returns data" check can skip
 * them (or demand data only where its traffic produces it).
 */
const MAY_BE_EMPTY = new Map<string, string>();

export function mayBeEmptyReason(expr: string): string | undefined {
  return MAY_BE_EMPTY.get(expr);
}

export interface QueryOptions {
  legend?: string;
  /** Instant query (stats, gauges, tables, pie charts) instead of a range query. */
  instant?: boolean;
  format?: 'time_series' | 'table' | 'heatmap';
  /** Why this query can be empty with normal traffic (see MAY_BE_EMPTY). */
  mayBeEmpty?: string;
}

/** One Prometheus query on the `datasource` variable; refIds are assigned by the panel helper. */
export function query(expr: string, options: QueryOptions = {}): prometheus.DataqueryBuilder {
  if (options.mayBeEmpty) MAY_BE_EMPTY.set(expr, options.mayBeEmpty);
  const q = new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr);
  q.legendFormat(options.legend ?? '__auto');
  if (options.instant) q.instant();
  else q.range();
  if (options.format === 'table') q.format(prometheus.PromQueryFormat.Table);
  if (options.format === 'heatmap') q.format(prometheus.PromQueryFormat.Heatmap);
  return q;
}

/** Anything the panel builders of the SDK have in common that the helpers below set. */
interface PanelLike extends cog.Builder<dashboard.Panel> {
  id(id: number): this;
  title(title: string): this;
  description(description: string): this;
  datasource(datasource: common.DataSourceRef): this;
  withTarget(target: cog.Builder<cog.Dataquery>): this;
  span(w: number): this;
  height(h: number): this;
}

/**
 * Collects a dashboard's panels in order, numbering panels and rows (ids must be unique per dashboard) and the
 * queries of each panel (refId A, B, ...).
 */
export class Board {
  readonly builder: dashboard.DashboardBuilder;
  private nextId = 1;

  constructor(options: { uid: string; title: string; description: string; tags: string[] }) {
    this.builder = new dashboard.DashboardBuilder(options.title)
      .uid(options.uid)
      .id(null)
      .description(options.description)
      .tags(['genai-otel', ...options.tags])
      .readonly()
      .tooltip(dashboard.DashboardCursorSync.Crosshair)
      .timezone('browser')
      .time({ from: 'now-1h', to: 'now' })
      .refresh('30s')
      .variables(variables())
      .annotation(
        new dashboard.AnnotationQueryBuilder()
          .name('Annotations & Alerts')
          .builtIn(1)
          .datasource({ type: 'grafana', uid: '-- Grafana --' })
          .enable(true)
          .hide(true)
          .iconColor('rgba(0, 211, 255, 1)')
          .type('dashboard'),
      );
  }

  row(title: string): this {
    this.builder.withRow(new dashboard.RowBuilder(title).id(this.nextId++));
    return this;
  }

  /** Adds a panel `w` columns wide (of 24) and `h` rows high, with its queries. */
  panel<P extends PanelLike>(panel: P, size: { w: number; h: number }, queries: prometheus.DataqueryBuilder[]): this {
    panel
      .id(this.nextId++)
      .datasource(DATASOURCE)
      .span(size.w)
      .height(size.h);
    for (const [i, q] of queries.entries()) panel.withTarget(q.refId(String.fromCharCode(65 + i)));
    this.builder.withPanel(panel);
    return this;
  }

  link(title: string, tags: string[]): this {
    this.builder.link(
      new dashboard.DashboardLinkBuilder(title)
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags(tags)
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true)
        .icon('external link'),
    );
    return this;
  }

  build(): dashboard.Dashboard {
    return this.builder.build();
  }
}

/** A legend shown as a table with the given calculations (e.g. mean, max, lastNotNull). */
export function tableLegend(calcs: string[] = ['mean', 'max', 'lastNotNull']): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.Table)
    .placement(common.LegendPlacement.Bottom)
    .calcs(calcs);
}

export function listLegend(): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]);
}

export function multiTooltip(): common.VizTooltipOptionsBuilder {
  return new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending);
}

export function lastValue(): common.ReduceDataOptionsBuilder {
  return new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

/** Absolute thresholds: `[[null, 'green'], [0.05, 'orange'], ...]` (the first step's value is the base, null). */
export function thresholds(steps: [number | null, string][]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps.map(([value, color]) => ({ value, color })));
}

export function fixedColor(color: string): dashboard.FieldColorBuilder {
  return new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Fixed).fixedColor(color);
}

/** Field override properties: a fixed series color. */
export function colorOverride(color: string): dashboard.DynamicConfigValue[] {
  return [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }];
}

/**
 * A table of instant queries merged into one row per key: `keys` are the label columns first ([label, title]; no
 * title keeps the label's name),
 * then one column per query (`columns`: [title, …], in query order, so Grafana's `Value #A`, `Value #B`, …),
 * sorted by `sortBy` descending. The caller adds units per column and the queries (instant, table format).
 */
export function mergedTable(
  title: string,
  description: string,
  keys: [string, string?][],
  columns: readonly (readonly [string, ...unknown[]])[],
  sortBy: string,
) {
  const value = (i: number) => `Value #${String.fromCharCode(65 + i)}`;
  return new table.PanelBuilder()
    .title(title)
    .description(description)
    .cellHeight(common.TableCellHeight.Sm)
    .sortBy([new common.TableSortByFieldStateBuilder().displayName(sortBy).desc(true)])
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        indexByName: Object.fromEntries([...keys.map(([label]) => label), ...columns.map((_, i) => value(i))].map((name, i) => [name, i])),
        renameByName: {
          ...Object.fromEntries(keys.filter(([, name]) => name !== undefined)),
          ...Object.fromEntries(columns.map(([column], i) => [value(i), column])),
        },
      },
    });
}

/** A time series panel as every genai-otel dashboard draws one: from 0, thin lines, light fill, no points, a table legend. */
export function series(title: string, description: string, unit: string) {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .unit(unit)
    .min(0)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(tableLegend())
    .tooltip(multiTooltip());
}
