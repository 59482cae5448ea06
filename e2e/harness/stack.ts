/**
 * The observability stack of the end-to-end test, all on 127.0.0.1 with ports chosen at run time and
 * the project's own config files: a trace sink (a second collector writing OTLP/JSON lines), the
 * genai-otel collector (collector/config.yaml, plus overlays), Alertmanager (alertmanager/alertmanager.yml
 * with the webhook URLs pointed at the test's sink), and Prometheus (prometheus/prometheus.yml with the
 * project's rule files, short scrape and evaluation intervals).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePorts } from './free-ports.js';
import { ManagedProcess, waitForHttp } from './managed-process.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface StackOptions {
  /** Directory for configs, data and logs of this run. */
  workDir: string;
  /** The otelcol-genai binary (scripts/build-collector.sh). */
  otelcol: string;
  /**
   * `scrape`: Prometheus scrapes the collector's prometheus exporter (collector/config.yaml).
   * `remote-write`: the collector also loads collector/config-remote-write.yaml and pushes to this
   * stack's Prometheus, started with its remote-write receiver.
   * @default 'scrape'
   */
  mode?: 'scrape' | 'remote-write';
  /** Start Alertmanager and route alerts to it, its webhooks going to `webhookUrl`. */
  webhookUrl?: string;
  /** Prometheus scrape and rule evaluation interval. @default '1s' */
  interval?: string;
}

export interface Stack {
  otlpHttp: string;
  collectorMetrics: string;
  collectorHealth: string;
  prometheus: string;
  alertmanager: string | undefined;
  traceFile: string;
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = options.workDir;
  await mkdir(dir, { recursive: true });
  const [sinkGrpc, sinkHealth, otlpGrpc, otlpHttp, exporter, telemetry, health, prometheusPort, alertmanagerPort] = await freePorts(9);
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    for (const process of [...processes].reverse()) await process.stop();
  };
  try {
    // Trace sink: OTLP/gRPC in (the collector's trace-store exporter), OTLP/JSON lines out.
    const traceFile = join(dir, 'traces.jsonl');
    await writeFile(
      join(dir, 'trace-sink.yaml'),
      [
        `extensions: { health_check: { endpoint: "127.0.0.1:${sinkHealth}" } }`,
        `receivers: { otlp: { protocols: { grpc: { endpoint: "127.0.0.1:${sinkGrpc}" } } } }`,
        `exporters: { file: { path: "${traceFile}", format: json, flush_interval: 100ms } }`,
        'service:',
        '  extensions: [health_check]',
        '  telemetry: { metrics: { level: none } }',
        '  pipelines: { traces: { receivers: [otlp], exporters: [file] } }',
        '',
      ].join('\n'),
    );
    const sink = new ManagedProcess('trace-sink', options.otelcol, ['--config', join(dir, 'trace-sink.yaml')], { logFile: join(dir, 'trace-sink.log') });
    processes.push(sink);
    await waitForHttp(`http://127.0.0.1:${sinkHealth}/`, sink);

    const remoteWrite = options.mode === 'remote-write';
    const collectorArgs = ['--config', join(ROOT, 'collector/config.yaml'), ...(remoteWrite ? ['--config', join(ROOT, 'collector/config-remote-write.yaml')] : [])];
    const collector = new ManagedProcess('collector', options.otelcol, collectorArgs, {
      logFile: join(dir, 'collector.log'),
      env: {
        ...process.env,
        OTLP_GRPC_ENDPOINT: `127.0.0.1:${otlpGrpc}`,
        OTLP_HTTP_ENDPOINT: `127.0.0.1:${otlpHttp}`,
        PROMETHEUS_EXPORTER_ENDPOINT: `127.0.0.1:${exporter}`,
        OTELCOL_TELEMETRY_HOST: '127.0.0.1',
        OTELCOL_TELEMETRY_PORT: String(telemetry),
        HEALTH_CHECK_ENDPOINT: `127.0.0.1:${health}`,
        TRACE_STORE_OTLP_ENDPOINT: `127.0.0.1:${sinkGrpc}`,
        SPANMETRICS_FLUSH_INTERVAL: '1s',
        // Prometheus starts after the collector; the exporter retries until it is up.
        PROMETHEUS_REMOTE_WRITE_URL: `http://127.0.0.1:${prometheusPort}/api/v1/write`,
      },
    });
    processes.push(collector);
    await waitForHttp(`http://127.0.0.1:${health}/`, collector);

    let alertmanager: string | undefined;
    if (options.webhookUrl !== undefined) {
      const { renderAlertmanagerConfig } = (await import(join(ROOT, 'alertmanager/render-config.mjs'))) as {
        renderAlertmanagerConfig: (options: Record<string, string>) => string;
      };
      // Receivers at <webhookUrl>/pager, /chat and /finance; short grouping timers for a test.
      await writeFile(join(dir, 'alertmanager.yml'), renderAlertmanagerConfig({ webhookBase: options.webhookUrl, groupWait: '1s', groupInterval: '1s' }));
      const process_ = new ManagedProcess(
        'alertmanager',
        'alertmanager',
        [
          `--config.file=${join(dir, 'alertmanager.yml')}`,
          `--storage.path=${join(dir, 'alertmanager-data')}`,
          `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
          '--cluster.listen-address=',
        ],
        { logFile: join(dir, 'alertmanager.log'), cwd: ROOT },
      );
      processes.push(process_);
      alertmanager = `http://127.0.0.1:${alertmanagerPort}`;
      await waitForHttp(`${alertmanager}/-/ready`, process_);
    }

    const { renderPrometheusConfig } = (await import(join(ROOT, 'prometheus/render-config.mjs'))) as {
      renderPrometheusConfig: (options: Record<string, unknown>) => string;
    };
    let prometheusConfig = renderPrometheusConfig({
      collectorMetrics: `127.0.0.1:${exporter}`,
      collectorTelemetry: `127.0.0.1:${telemetry}`,
      alertmanager: alertmanager === undefined ? null : `127.0.0.1:${alertmanagerPort}`,
      scrapeInterval: options.interval ?? '1s',
      evaluationInterval: options.interval ?? '1s',
    });
    if (remoteWrite) {
      // Metrics arrive by remote write: keep only the collector's own telemetry scrape job.
      prometheusConfig = prometheusConfig.replace(/\n  - job_name: genai-otel-collector\n[\s\S]*?(?=\n  - job_name:)/, '\n');
    }
    await writeFile(join(dir, 'prometheus.yml'), prometheusConfig);
    const prometheusArgs = [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ...(remoteWrite ? ['--web.enable-remote-write-receiver'] : []),
    ];
    const prometheus = new ManagedProcess('prometheus', 'prometheus', prometheusArgs, { logFile: join(dir, 'prometheus.log'), cwd: ROOT });
    processes.push(prometheus);
    await waitForHttp(`http://127.0.0.1:${prometheusPort}/-/ready`, prometheus);

    return {
      otlpHttp: `http://127.0.0.1:${otlpHttp}`,
      collectorMetrics: `http://127.0.0.1:${exporter}/metrics`,
      collectorHealth: `http://127.0.0.1:${health}/`,
      prometheus: `http://127.0.0.1:${prometheusPort}`,
      alertmanager,
      traceFile,
      processes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Spans written by the trace sink (OTLP/JSON lines), flattened with plain attribute maps. */
export async function readTraceFile(path: string): Promise<Array<{ name: string; kind: number; attributes: Record<string, unknown> }>> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const spans: Array<{ name: string; kind: number; attributes: Record<string, unknown> }> = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const batch = JSON.parse(line) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string; kind: number; attributes?: Array<{ key: string; value: Record<string, unknown> }> }> }> }>;
    };
    for (const resource of batch.resourceSpans) {
      for (const scope of resource.scopeSpans) {
        for (const span of scope.spans) {
          const attributes: Record<string, unknown> = {};
          for (const { key, value } of span.attributes ?? []) {
            attributes[key] = value['stringValue'] ?? (value['intValue'] !== undefined ? Number(value['intValue']) : (value['doubleValue'] ?? value['boolValue'] ?? value['arrayValue']));
          }
          spans.push({ name: span.name, kind: span.kind, attributes });
        }
      }
    }
  }
  return spans;
}
