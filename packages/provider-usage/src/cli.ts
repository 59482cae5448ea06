// `genai-otel usage-poller`: the poller as a long-running process (or one poll with --once),
// exporting its metrics over OTLP. packages/node's CLI calls runUsagePollerCli.
import { parseArgs } from 'node:util';
import { ConfigError, parseDurationMillis, readUsagePollerEnv } from './config.js';
import { createMeterProvider, otlpMetricsUrl } from './export.js';
import { UsagePoller, type PollReport } from './poller.js';
import { StateFileError } from './state.js';

export const USAGE_POLLER_USAGE = `Usage: genai-otel usage-poller [options]

Polls the providers' own usage and cost records (OpenAI Usage and Costs APIs, Anthropic usage and cost
reports) and exports them as OpenTelemetry metrics (genai_otel.provider.usage.tokens,
genai_otel.provider.requests, genai_otel.provider.cost) over OTLP.

Options:
  --once              poll once, export, exit (0 when every report was read, 1 otherwise)
  --state-file PATH   state file (default $GENAI_OTEL_USAGE_STATE_FILE or ./genai-otel-usage-state.json)
  --interval D        time between polls, e.g. 300, 5m (default $GENAI_OTEL_USAGE_POLL_INTERVAL or 5m)
  --help

Environment:
  OPENAI_ADMIN_KEY, ANTHROPIC_ADMIN_KEY     admin keys (at least one); never logged
  OPENAI_ADMIN_BASE_URL                     default https://api.openai.com/v1
  ANTHROPIC_ADMIN_BASE_URL                  default https://api.anthropic.com
  GENAI_OTEL_USAGE_BUCKET_WIDTH             usage bucket width: 1m, 1h (default), 1d
  GENAI_OTEL_USAGE_LOOKBACK                 how far back each poll re-reads (default 2d, at least 1d)
  GENAI_OTEL_USAGE_OPENAI_ENDPOINTS         default completions,embeddings
  GENAI_OTEL_USAGE_OPENAI_GROUP_BY          default model,project_id,batch
  GENAI_OTEL_USAGE_ANTHROPIC_GROUP_BY       default model,workspace_id
  OTEL_SERVICE_NAME (default genai-otel-usage-poller), OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_METRICS_EXPORTER
  (otlp, console, none), OTEL_METRIC_EXPORT_INTERVAL, OTEL_RESOURCE_ATTRIBUTES
`;

/** Where the CLI writes, and what it reads; tests pass their own. */
export interface UsagePollerCliIo {
  env?: NodeJS.ProcessEnv;
  out?: { write(text: string): unknown };
  err?: { write(text: string): unknown };
  /** Resolves when the process should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
  /** Passed to the poller (tests). */
  fetch?: typeof fetch;
}

function summary(report: PollReport): string {
  return report.outcomes
    .map((outcome) => (outcome.ok ? `${outcome.source}: ${outcome.buckets} buckets` : `${outcome.source}: FAILED (${outcome.error.kind})`))
    .join(', ');
}

function processStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Runs the poller CLI; resolves with the exit code (2 for configuration mistakes). */
export async function runUsagePollerCli(argv: string[], io: UsagePollerCliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  let poller: UsagePoller | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        once: { type: 'boolean', default: false },
        'state-file': { type: 'string' },
        interval: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      out.write(USAGE_POLLER_USAGE);
      return 0;
    }
    const settings = readUsagePollerEnv(env);
    if (values['state-file'] !== undefined) settings.poller.stateFile = values['state-file'];
    if (values.interval !== undefined) settings.poller.intervalMillis = parseDurationMillis('--interval', values.interval);
    const meterProvider = createMeterProvider(settings, env);
    poller = new UsagePoller({
      ...settings.poller,
      meter: meterProvider.getMeter('@genai-otel/provider-usage', '0.1.0'),
      log: (line) => err.write(`${line}\n`),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    const reports = poller.sources.map((source) => source.id).join(', ');
    const destination =
      settings.metricsExporter === 'otlp'
        ? `OTLP ${otlpMetricsUrl(env)}`
        : settings.metricsExporter === 'console'
          ? 'the console'
          : 'nowhere (OTEL_METRICS_EXPORTER=none)';
    err.write(
      `[usage-poller] reading ${reports}; ${values.once ? 'once' : `every ${settings.poller.intervalMillis! / 1000}s`}, ` +
        `re-reading the last ${settings.poller.lookbackSeconds! / 3600}h; state ${settings.poller.stateFile}; ` +
        `metrics to ${destination} as service ${settings.serviceName}\n`,
    );
    if (values.once) {
      const report = await poller.pollOnce();
      out.write(`${summary(report)}\n`);
      await meterProvider.shutdown(); // one last export, before close() stops the observations
      await poller.close();
      return report.ok ? 0 : 1;
    }
    poller.start();
    await (io.stopSignal ?? processStopSignal());
    await poller.stop();
    await meterProvider.shutdown(); // exports the last values
    await poller.close();
    return 0;
  } catch (error) {
    await poller?.close();
    if (
      error instanceof ConfigError ||
      error instanceof StateFileError ||
      (error instanceof TypeError && (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    ) {
      err.write(`genai-otel usage-poller: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
