// `genai-otel-demo`: instrumented calls against local fake providers, then a summary of what genai-otel
// recorded. The options are the fields of DemoOptions.
import { ConfigError } from '@genai-otel/node';
import { parseArgs } from 'node:util';
import { runDemo } from './run-demo.js';

const USAGE = `Usage: genai-otel-demo [options]

Runs instrumented LLM calls through the real openai, @anthropic-ai/sdk and @google/genai SDKs against
local fake providers and prints what genai-otel records.

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
  --help                this text

Exports OTLP (traces and metrics) when a collector listens at OTEL_EXPORTER_OTLP_ENDPOINT
(default http://localhost:4318).
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
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
      help: { type: 'boolean', short: 'h', default: false },
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

function positiveInteger(flag: string, value: string, allowZero = false): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1))
    throw new ConfigError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return number;
}

function fraction(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new ConfigError(`${flag} must be between 0 and 1, got "${value}"`);
  return number;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof ConfigError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`genai-otel-demo: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!usage && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
