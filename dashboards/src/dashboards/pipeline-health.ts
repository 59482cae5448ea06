// "GenAI / Pipeline health": is telemetry getting through? The collector (accepted / refused / exported data, queue),
// Prometheus' scrapes, the GenAI series per service, and the alerts firing.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import { Board, lastValue, listLegend, otelcol, query, sel, series } from '../common.js';

export const PIPELINE_HEALTH_UID = 'genai-otel-pipeline-health';

/** Per-second rate of a collector counter, by the given labels. */
const otelcolRate = (name: string, by: string) => `sum by (${by}) (rate(${otelcol(name)}[$__rate_interval]))`;

const ONLY_AFTER_FAILURE = 'the collector creates the series on the first failure';

export function pipelineHealth(): dashboard.Dashboard {
  const board = new Board({
    uid: PIPELINE_HEALTH_UID,
    title: 'GenAI / Pipeline health',
    description:
      'Is GenAI telemetry getting through? OpenTelemetry Collector (accepted, refused, exported, queue), Prometheus scrapes (up, duration), GenAI series per service and the Prometheus alerts firing.',
    tags: ['pipeline', 'collector'],
  }).link('genai-otel dashboards', ['genai-otel']);

  // --- Collector -----------------------------------------------------------------------------------------------
  board
    .row('OpenTelemetry Collector')
    .panel(
      series('Accepted by receivers', "Spans and metric points per second the collector's receivers accepted (otelcol_receiver_accepted_*).", 'short'),
      { w: 8, h: 8 },
      [
        query(otelcolRate('otelcol_receiver_accepted_spans', 'receiver, transport'), { legend: 'spans {{receiver}} {{transport}}' }),
        query(otelcolRate('otelcol_receiver_accepted_metric_points', 'receiver, transport'), {
          legend: 'metric points {{receiver}} {{transport}}',
        }),
      ],
    )
    .panel(
      series(
        'Refused by receivers',
        'Spans and metric points per second the receivers refused (memory_limiter pressure, invalid data): the sender was told to retry or drop them.',
        'short',
      ),
      { w: 8, h: 8 },
      [
        query(otelcolRate('otelcol_receiver_refused_spans', 'receiver, transport'), { legend: 'spans {{receiver}} {{transport}}' }),
        query(otelcolRate('otelcol_receiver_refused_metric_points', 'receiver, transport'), {
          legend: 'metric points {{receiver}} {{transport}}',
        }),
      ],
    )
    .panel(
      series(
        'Exported and failed',
        'Spans and metric points per second the exporters sent, and those they failed to send after retries (lost).',
        'short',
      ).overrideByRegexp('^failed .*', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }]),
      { w: 8, h: 8 },
      [
        query(otelcolRate('otelcol_exporter_sent_spans', 'exporter'), { legend: 'sent spans {{exporter}}' }),
        query(otelcolRate('otelcol_exporter_sent_metric_points', 'exporter'), { legend: 'sent metric points {{exporter}}' }),
        query(otelcolRate('otelcol_exporter_send_failed_spans', 'exporter'), {
          legend: 'failed spans {{exporter}}',
          mayBeEmpty: ONLY_AFTER_FAILURE,
        }),
        query(otelcolRate('otelcol_exporter_send_failed_metric_points', 'exporter'), {
          legend: 'failed metric points {{exporter}}',
          mayBeEmpty: ONLY_AFTER_FAILURE,
        }),
      ],
    )
    .panel(
      series(
        'Exporter queue size',
        "Batches waiting in each exporter's sending queue, against the queue capacity (dashed). A growing queue is the first sign of a slow or unreachable destination; when full, new data is dropped.",
        'short',
      ).overrideByRegexp('^capacity .*', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }]),
      { w: 8, h: 8 },
      [
        query('max by (exporter) (otelcol_exporter_queue_size)', { legend: 'size {{exporter}}' }),
        query('max by (exporter) (otelcol_exporter_queue_capacity)', { legend: 'capacity {{exporter}}' }),
      ],
    )
    .panel(
      series('Exporter queue fill', 'Queue size / capacity per exporter (the GenAICollectorExportQueueFilling alert fires above 80%).', 'percentunit').max(1),
      { w: 8, h: 8 },
      [
        query(
          'max by (job, instance, exporter, data_type) (otelcol_exporter_queue_size) / max by (job, instance, exporter, data_type) (otelcol_exporter_queue_capacity)',
          { legend: '{{exporter}} {{instance}}' },
        ),
      ],
    )
    .panel(
      series('Collector memory (RSS)', 'Resident memory of each collector process; the memory_limiter refuses data near its limit.', 'bytes'),
      { w: 8, h: 8 },
      [query(`max by (job, instance) (${otelcol('otelcol_process_memory_rss')})`, { legend: '{{instance}}' })],
    );

  // --- Prometheus scrapes --------------------------------------------------------------------------------------
  board
    .row('Prometheus scrapes')
    .panel(
      new stat.PanelBuilder()
        .title('Scrape targets up')
        .description(
          "up of every scrape target: 1 when the last scrape succeeded. genai-otel-collector = the GenAI metrics, otelcol = the collector's own metrics.",
        )
        .reduceOptions(lastValue())
        .colorMode(common.BigValueColorMode.Background)
        .graphMode(common.BigValueGraphMode.None)
        .textMode(common.BigValueTextMode.ValueAndName)
        .mappings([
          {
            type: dashboard.MappingType.ValueToText,
            options: {
              '0': { text: 'down', color: 'red', index: 0 },
              '1': { text: 'up', color: 'green', index: 1 },
            },
          },
        ]),
      { w: 8, h: 8 },
      [query('up', { legend: '{{job}} {{instance}}', instant: true })],
    )
    .panel(series('Scrape duration', 'How long each scrape took (scrape_duration_seconds); the scrape timeout is 10 s.', 's'), { w: 8, h: 8 }, [
      query('scrape_duration_seconds', { legend: '{{job}} {{instance}}' }),
    ])
    .panel(series('Samples per scrape', 'Samples in each scrape (scrape_samples_scraped): a jump means new series (cardinality).', 'short'), { w: 8, h: 8 }, [
      query('scrape_samples_scraped', { legend: '{{job}} {{instance}}' }),
    ]);

  // --- GenAI telemetry -----------------------------------------------------------------------------------------
  board
    .row('GenAI telemetry per service')
    .panel(
      series(
        'Calls seen in metrics vs spans',
        "Inference calls per second counted by the SDK metrics (gen_ai.client.inference.duration) and by the collector's span_metrics from the GenAI CLIENT spans: the two paths should agree. A service with spans but no metrics (or the reverse) has a broken exporter.",
        'reqps',
      ).legend(listLegend()),
      { w: 12, h: 8 },
      [
        query(`sum by (job) (rate(gen_ai_client_inference_duration_seconds_count{${sel()}}[$__rate_interval]))`, {
          legend: 'metrics {{job}}',
        }),
        query(`sum by (job) (rate(traces_span_metrics_calls_total{${sel('span_kind="SPAN_KIND_CLIENT"', 'gen_ai_operation_name!=""')}}[$__rate_interval]))`, {
          legend: 'spans {{job}}',
        }),
      ],
    )
    .panel(
      series(
        'GenAI duration series per service',
        "Number of gen_ai_client_*_duration_seconds_count series per service (recording rule genai_service:duration_series:count): 0 / absent means the service's GenAI metrics stopped arriving.",
        'short',
      ).legend(listLegend()),
      { w: 12, h: 8 },
      [query('sum by (job) (genai_service:duration_series:count{job=~"$job"})', { legend: '{{job}}' })],
    );

  // --- Alerts --------------------------------------------------------------------------------------------------
  board
    .row('Alerts')
    .panel(
      new table.PanelBuilder()
        .title('Alerts firing')
        .description('Prometheus alerts firing now (ALERTS{alertstate="firing"}); the rules are in alerts/rules/, routed by Alertmanager.')
        .cellHeight(common.TableCellHeight.Sm)
        .withTransformation({
          id: 'organize',
          options: {
            excludeByName: { Time: true, Value: true, __name__: true, alertstate: true },
            indexByName: { alertname: 0, severity: 1, job: 2, gen_ai_provider_name: 3, gen_ai_request_model: 4 },
            renameByName: {},
          },
        }),
      { w: 12, h: 8 },
      [query('ALERTS{alertstate="firing"}', { instant: true, format: 'table', mayBeEmpty: 'no alert is firing' })],
    )
    .panel(
      series('Alerts over time', 'Number of alerts pending and firing, by alert name.', 'short')
        .legend(listLegend())
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal))
        .fillOpacity(40),
      { w: 12, h: 8 },
      [
        query('count by (alertname, alertstate) (ALERTS)', {
          legend: '{{alertname}} ({{alertstate}})',
          mayBeEmpty: 'no alert is pending or firing',
        }),
      ],
    );

  return board.build();
}
