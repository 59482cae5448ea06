/**
 * The observability stack of the end-to-end test, all on 127.0.0.1 with ports chosen at run time: a trace sink (a
 * second collector writing OTLP/JSON lines, standing in for Tempo), and the `collector`, `alertmanager` and
 * `prometheus` services of docker-compose.yml, each run from a directory laid out as its compose volumes lay out its
 * container (compose-layout.ts) with its compose command and environment. What differs from compose, and only that:
 *   - addresses: listeners and service names become 127.0.0.1 and ports chosen at run time (environment, added
 *     --web.listen-address flags, Alertmanager clustering off), and - since Debian's Prometheus 2.42 and Alertmanager
 *     0.25 do not expand variables in their configs - prometheus.yml and alertmanager.yml are rendered IN PLACE by
 *     prometheus/render-config.mjs and alertmanager/render-config.mjs (addresses and webhook URLs; relative paths kept);
 *   - timers, for a test that does not wait minutes: scrape/evaluation interval, Alertmanager grouping,
 *     SPANMETRICS_FLUSH_INTERVAL;
 *   - remote-write mode adds collector/config-remote-write.yaml as docker-compose.yml's header says to.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ContainerRoot, readCompose, rewriteAddresses, ROOT } from './compose-layout.js';
import { freePorts } from './free-ports.js';
import { ManagedProcess, waitForHttp } from './managed-process.js';

export { ROOT };

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
  /**
   * Rule files written into the rules folder Prometheus loads (the container's copy of alerts/rules/), by file name,
   * replacing the repository's file of that name - e.g. genai-budgets.yaml generated from the test's own budgets.
   */
  ruleFiles?: Record<string, string>;
}

export interface Stack {
  otlpHttp: string;
  collectorMetrics: string;
  collectorHealth: string;
  prometheus: string;
  alertmanager: string | undefined;
  traceFile: string;
  /** Log file of each process, by name (trace-sink, collector, alertmanager, prometheus). */
  logs: Record<string, string>;
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = options.workDir;
  await mkdir(dir, { recursive: true });
  const compose = await readCompose();
  const service = (name: string) => {
    const found = compose.services[name];
    if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
    return found;
  };
  const [sinkGrpc, sinkHealth, otlpGrpc, otlpHttp, exporter, telemetry, health, prometheusPort, alertmanagerPort] = await freePorts(9);
  // The compose network's addresses (service:container port) -> where this run serves them.
  const addresses = new Map<string, string>([
    ['collector:4317', `127.0.0.1:${otlpGrpc}`],
    ['collector:4318', `127.0.0.1:${otlpHttp}`],
    ['collector:8889', `127.0.0.1:${exporter}`],
    ['collector:8888', `127.0.0.1:${telemetry}`],
    ['collector:13133', `127.0.0.1:${health}`],
    ['tempo:4317', `127.0.0.1:${sinkGrpc}`],
    ['prometheus:9090', `127.0.0.1:${prometheusPort}`],
    ['alertmanager:9093', `127.0.0.1:${alertmanagerPort}`],
  ]);
  const environment = (name: string) => ({
    PATH: process.env['PATH'],
    ...rewriteAddresses(name, service(name).environment, addresses, Object.keys(compose.services)),
  });
  const logs: Record<string, string> = {};
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
    logs['trace-sink'] = join(dir, 'trace-sink.log');
    const sink = new ManagedProcess('trace-sink', options.otelcol, ['--config', join(dir, 'trace-sink.yaml')], { logFile: logs['trace-sink'] });
    processes.push(sink);
    await waitForHttp(`http://127.0.0.1:${sinkHealth}/`, sink);

    const remoteWrite = options.mode === 'remote-write';
    const collectorRoot = await ContainerRoot.create(service('collector'), join(dir, 'collector-root'));
    const collectorArgs = collectorRoot.args([
      ...collectorRoot.service.command,
      ...(remoteWrite ? ['--config=/etc/genai-otel/collector/config-remote-write.yaml'] : []),
    ]);
    logs['collector'] = join(dir, 'collector.log');
    const collector = new ManagedProcess('collector', options.otelcol, collectorArgs, {
      logFile: logs['collector'],
      cwd: collectorRoot.dir,
      // Prometheus starts after the collector; the remote-write exporter retries until it is up.
      env: { ...environment('collector'), SPANMETRICS_FLUSH_INTERVAL: '1s' },
    });
    processes.push(collector);
    await waitForHttp(`http://127.0.0.1:${health}/`, collector);

    let alertmanager: string | undefined;
    if (options.webhookUrl !== undefined) {
      const { renderAlertmanagerConfig } = (await import(join(ROOT, 'alertmanager/render-config.mjs'))) as {
        renderAlertmanagerConfig: (options: Record<string, string>) => string;
      };
      const root = await ContainerRoot.create(service('alertmanager'), join(dir, 'alertmanager-root'));
      // Rendered where the container has it, its template glob left as written (relative to the config file).
      const configFile = root.path(root.flag('--config.file'));
      const template = await readFile(configFile, 'utf8');
      const templatesGlob = String((parse(template) as { templates?: string[] }).templates?.[0] ?? '');
      // Receivers at <webhookUrl>/pager, /chat and /finance; short grouping timers for a test.
      await writeFile(configFile, renderAlertmanagerConfig({ template, templatesGlob, webhookBase: options.webhookUrl, groupWait: '1s', groupInterval: '1s' }));
      logs['alertmanager'] = join(dir, 'alertmanager.log');
      const process_ = new ManagedProcess(
        'alertmanager',
        'alertmanager',
        [...root.args(), `--web.listen-address=127.0.0.1:${alertmanagerPort}`, '--cluster.listen-address='],
        { logFile: logs['alertmanager'], cwd: root.dir, env: environment('alertmanager') },
      );
      processes.push(process_);
      alertmanager = `http://127.0.0.1:${alertmanagerPort}`;
      await waitForHttp(`${alertmanager}/-/ready`, process_);
    }

    const { renderPrometheusConfig } = (await import(join(ROOT, 'prometheus/render-config.mjs'))) as {
      renderPrometheusConfig: (options: Record<string, unknown>) => string;
    };
    const prometheusRoot = await ContainerRoot.create(service('prometheus'), join(dir, 'prometheus-root'));
    const prometheusConfigFile = prometheusRoot.path(prometheusRoot.flag('--config.file'));
    const prometheusTemplate = await readFile(prometheusConfigFile, 'utf8');
    let prometheusConfig = renderPrometheusConfig({
      template: prometheusTemplate,
      collectorMetrics: addresses.get('collector:8889'),
      collectorTelemetry: addresses.get('collector:8888'),
      alertmanager: alertmanager === undefined ? null : addresses.get('alertmanager:9093'),
      // The rule glob as written: relative to prometheus.yml, so it finds what the container's mounts put beside it.
      rulesGlob: String((parse(prometheusTemplate) as { rule_files?: string[] }).rule_files?.[0] ?? ''),
      scrapeInterval: options.interval ?? '1s',
      evaluationInterval: options.interval ?? '1s',
    });
    if (options.ruleFiles !== undefined) {
      const rulesGlob = String((parse(prometheusTemplate) as { rule_files?: string[] }).rule_files?.[0] ?? '');
      const rulesDir = dirname(resolve(dirname(prometheusConfigFile), rulesGlob));
      for (const [name, text] of Object.entries(options.ruleFiles)) await writeFile(join(rulesDir, name), text);
    }
    if (remoteWrite) {
      // Metrics arrive by remote write: keep only the collector's own telemetry scrape job.
      prometheusConfig = prometheusConfig.replace(/\n {2}- job_name: genai-otel-collector\n[\s\S]*?(?=\n {2}- job_name:)/, '\n');
    }
    await writeFile(prometheusConfigFile, prometheusConfig);
    logs['prometheus'] = join(dir, 'prometheus.log');
    const prometheus = new ManagedProcess('prometheus', 'prometheus', [...prometheusRoot.args(), `--web.listen-address=127.0.0.1:${prometheusPort}`], {
      logFile: logs['prometheus'],
      cwd: prometheusRoot.dir,
      env: environment('prometheus'),
    });
    processes.push(prometheus);
    await waitForHttp(`http://127.0.0.1:${prometheusPort}/-/ready`, prometheus);

    return {
      otlpHttp: `http://127.0.0.1:${otlpHttp}`,
      collectorMetrics: `http://127.0.0.1:${exporter}/metrics`,
      collectorHealth: `http://127.0.0.1:${health}/`,
      prometheus: `http://127.0.0.1:${prometheusPort}`,
      alertmanager,
      traceFile,
      logs,
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
      resourceSpans: Array<{
        scopeSpans: Array<{ spans: Array<{ name: string; kind: number; attributes?: Array<{ key: string; value: Record<string, unknown> }> }> }>;
      }>;
    };
    for (const resource of batch.resourceSpans) {
      for (const scope of resource.scopeSpans) {
        for (const span of scope.spans) {
          const attributes: Record<string, unknown> = {};
          for (const { key, value } of span.attributes ?? []) {
            attributes[key] =
              value['stringValue'] ??
              (value['intValue'] !== undefined ? Number(value['intValue']) : (value['doubleValue'] ?? value['boolValue'] ?? value['arrayValue']));
          }
          spans.push({ name: span.name, kind: span.kind, attributes });
        }
      }
    }
  }
  return spans;
}
