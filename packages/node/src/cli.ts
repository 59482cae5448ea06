import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runCostCommand } from './cost-command.js';
import { ConfigError } from './env.js';
import { DEFAULT_ENDPOINTS, exitCode, formatResults, planDoctor, runChecks } from './doctor/checks.js';

const USAGE = `Usage: genai-otel <command> [options]

Commands:
  cost     Print what one call costs from its raw usage object (genai-otel cost --help).
  usage-poller
           Poll the providers' own usage and cost reports (OpenAI Usage and Costs APIs, Anthropic usage
           and cost reports; admin keys in OPENAI_ADMIN_KEY / ANTHROPIC_ADMIN_KEY) and export them as
           metrics over OTLP; runs until SIGTERM (genai-otel usage-poller --help). Needs the package
           @genai-otel/provider-usage installed beside @genai-otel/node.
  doctor   Check each part of the pipeline and say what is missing (exit 1 when a required check fails).
           --only PARTS            check only these parts, comma-separated: app, collector, prometheus,
                                   alertmanager (e.g. --only app without a collector; the rest is listed
                                   as skipped). Default: all, or only app when GENAI_OTEL_PROMETHEUS_PORT is set
           --app-metrics URL       the app's /metrics (default http://localhost:$GENAI_OTEL_PROMETHEUS_PORT/metrics
                                   or http://localhost:9464/metrics; required when given or in --only,
                                   otherwise only a warning)
           --otlp URL              OTLP/HTTP receiver (default $OTEL_EXPORTER_OTLP_ENDPOINT or http://localhost:4318)
           --collector-health URL  (default http://localhost:13133/)
           --prometheus URL        (default http://localhost:9090)
           --alertmanager URL      (default http://localhost:9093)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'demo') {
    process.stderr.write('genai-otel: the demo is a package of its own: npx @genai-otel/demo (or bash scripts/demo.sh in the repository)\n');
    return 2;
  }
  if (command === 'cost') {
    const { output, code } = await runCostCommand(rest, (path) => readFile(path, 'utf8'));
    process.stdout.write(output);
    return code;
  }
  if (command === 'usage-poller') {
    // Loaded only for this command: start() and the register module never load the poller.
    const poller = await importOptional<typeof import('@genai-otel/provider-usage')>('@genai-otel/provider-usage');
    if (!poller) {
      process.stderr.write('genai-otel usage-poller: @genai-otel/provider-usage is not installed (npm install @genai-otel/provider-usage)\n');
      return 2;
    }
    return poller.runUsagePollerCli(rest);
  }
  if (command === 'doctor') {
    const { values } = parseArgs({
      args: rest,
      options: {
        only: { type: 'string' },
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
    let plan: ReturnType<typeof planDoctor>;
    try {
      plan = planDoctor({ only: values.only, appMetrics: values['app-metrics'], env: process.env });
    } catch (error) {
      throw new ConfigError(error instanceof Error ? error.message : String(error));
    }
    const results = await runChecks(
      {
        appMetrics: plan.appMetrics,
        otlp: values.otlp,
        collectorHealth: values['collector-health'],
        prometheus: values.prometheus,
        alertmanager: values.alertmanager,
      },
      plan,
    );
    process.stdout.write(`${formatResults(results)}\n`);
    return exitCode(results);
  }
  process.stdout.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

/** Imports an optional peer dependency; undefined when it is not installed. */
async function importOptional<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(`'${specifier}'`)) return undefined;
    throw error;
  }
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
