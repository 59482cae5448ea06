import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runUsagePollerCli } from '@genai-otel/provider-usage';
import { COST_USAGE, runCostCommand } from './cost-command.js';
import { ConfigError } from './env.js';
import { runDemo } from './demo/run-demo.js';
import { DEFAULT_ENDPOINTS, exitCode, formatResults, runChecks } from './doctor/checks.js';

const USAGE = `Usage: genai-otel <command> [options]

Commands:
  demo     Run instrumented LLM calls against a local fake provider and print what genai-otel records.
           --requests N          number of calls (default 200)
           --duration S          run for S seconds instead (calls in flight are finished)
           --concurrency N       parallel calls (default 8)
           --stream-share F      share of streaming calls, 0..1 (default 0.4)
           --rate-limit-burst N  consecutive 429s a third of the way in (default 10)
           --server-errors F     share of 500/503 answers (default 0.03)
           --timeouts F          share of calls that time out (default 0.01)
           --seed N              traffic mix seed (default 42)
           --prometheus-port N   serve /metrics and /health here while running (default 9464; 0 picks one;
                                 GENAI_OTEL_PROMETHEUS_PORT wins)
           --no-progress         no progress bar
           Exports OTLP (traces and metrics) when a collector listens at OTEL_EXPORTER_OTLP_ENDPOINT
           (default http://localhost:4318).
  cost     Print what one call costs from its raw usage object (genai-otel cost --help).
  usage-poller
           Poll the providers' own usage and cost reports (OpenAI Usage and Costs APIs, Anthropic usage
           and cost reports; admin keys in OPENAI_ADMIN_KEY / ANTHROPIC_ADMIN_KEY) and export them as
           metrics over OTLP; runs until SIGTERM (genai-otel usage-poller --help).
  doctor   Check each part of the pipeline and say what is missing (exit 1 when a required check fails).
           --app-metrics URL       the app's /metrics (checked, and required, only when given;
                                   otherwise http://localhost:9464/metrics is tried as a warning)
           --otlp URL              OTLP/HTTP receiver (default $OTEL_EXPORTER_OTLP_ENDPOINT or http://localhost:4318)
           --collector-health URL  (default http://localhost:13133/)
           --prometheus URL        (default http://localhost:9090)
           --alertmanager URL      (default http://localhost:9093)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'demo') {
    const { values } = parseArgs({
      args: rest,
      options: {
        requests: { type: 'string', default: '200' },
        duration: { type: 'string' },
        concurrency: { type: 'string', default: '8' },
        'stream-share': { type: 'string', default: '0.4' },
        'rate-limit-burst': { type: 'string', default: '10' },
        'server-errors': { type: 'string', default: '0.03' },
        timeouts: { type: 'string', default: '0.01' },
        seed: { type: 'string', default: '42' },
        'no-progress': { type: 'boolean', default: false },
        'prometheus-port': { type: 'string', default: '9464' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const durationSeconds = values.duration === undefined ? undefined : positiveInteger('--duration', values.duration);
    await runDemo({
      requests: durationSeconds === undefined ? positiveInteger('--requests', values.requests) : Number.POSITIVE_INFINITY,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      concurrency: positiveInteger('--concurrency', values.concurrency),
      streamShare: fraction('--stream-share', values['stream-share']),
      rateLimitBurst: positiveInteger('--rate-limit-burst', values['rate-limit-burst'], true),
      serverErrorShare: fraction('--server-errors', values['server-errors']),
      timeoutShare: fraction('--timeouts', values.timeouts),
      seed: positiveInteger('--seed', values.seed, true),
      progress: !values['no-progress'],
      prometheusPort: positiveInteger('--prometheus-port', values['prometheus-port'], true),
      out: process.stdout,
      log: process.stderr,
    });
    return 0;
  }
  if (command === 'cost') {
    const { output, code } = await runCostCommand(rest, (path) => readFile(path, 'utf8'));
    process.stdout.write(output);
    return code;
  }
  if (command === 'usage-poller') {
    return runUsagePollerCli(rest);
  }
  if (command === 'doctor') {
    const { values } = parseArgs({
      args: rest,
      options: {
        'app-metrics': { type: 'string' },
        otlp: { type: 'string', default: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? DEFAULT_ENDPOINTS.otlp },
        'collector-health': { type: 'string', default: DEFAULT_ENDPOINTS.collectorHealth },
        prometheus: { type: 'string', default: DEFAULT_ENDPOINTS.prometheus },
        alertmanager: { type: 'string', default: DEFAULT_ENDPOINTS.alertmanager },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const results = await runChecks(
      {
        appMetrics: values['app-metrics'] ?? DEFAULT_ENDPOINTS.appMetrics,
        otlp: values.otlp,
        collectorHealth: values['collector-health'],
        prometheus: values.prometheus,
        alertmanager: values.alertmanager,
      },
      { appMetricsRequired: values['app-metrics'] !== undefined },
    );
    process.stdout.write(`${formatResults(results)}\n`);
    return exitCode(results);
  }
  process.stdout.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

class UsageError extends ConfigError {}

function positiveInteger(flag: string, value: string, allowZero = false): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return number;
}

function fraction(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new UsageError(`${flag} must be between 0 and 1, got "${value}"`);
  return number;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`genai-otel: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof ConfigError) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  },
);
