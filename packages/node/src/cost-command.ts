import { createPricer, formatCostBreakdown, PriceTableError, type CallOutcome, type Pricer, type UsageFormat } from '@genai-otel/pricing';
import { parseArgs } from 'node:util';
import { ConfigError } from './env.js';

export const COST_USAGE = `Usage: genai-otel cost --provider P --model M --usage JSON [options]

Prints what one call costs, token class by token class, from the usage object exactly as the
provider's API returned it (to audit a bill line).
  --provider P        gen_ai.provider.name: openai, anthropic, gcp.gemini, deepseek, …
  --model M           model name (dated snapshots match)
  --usage JSON        the raw usage object (or @file.json)
  --format F          openai.chat | openai.responses | anthropic.messages | gemini | deepseek (default: inferred)
  --service-tier T    tier that served the call, from the response (flex, priority, …)
  --requested-tier T  tier the request asked for (decides for a call never served: a flex 429 is not billed)
  --batch             the call went through the Batch API
  --timestamp ISO     when the call was made (default: now)
  --outcome O         success | http_error | aborted | timeout (default success)
  --http-status N     status of a failed call
  --host H            server.address the call went to (custom tables keyed by host)
  --prices FILE       a custom price table (JSON or YAML)
  --price-data SRC    newer price data in genai-prices' format (a path or a URL) instead of the bundled snapshot
Prints each token class with its tokens, $/MTok and amount; a "standard" column when a service tier changed
some classes, and notes for the rules applied (tier, tariff period, fine-tuned base, gateway fallback).
Exit code: 0 priced, 3 unknown, 2 bad arguments.
`;

const FORMATS: readonly UsageFormat[] = ['openai.chat', 'openai.responses', 'anthropic.messages', 'gemini', 'deepseek'];
const OUTCOMES: readonly CallOutcome[] = ['success', 'http_error', 'aborted', 'timeout'];

/** `genai-otel cost`: returns the text to print and the exit code. */
export async function runCostCommand(args: string[], readFile: (path: string) => Promise<string>): Promise<{ output: string; code: number }> {
  const { values } = parseArgs({
    args,
    options: {
      provider: { type: 'string' },
      model: { type: 'string' },
      usage: { type: 'string' },
      format: { type: 'string' },
      'service-tier': { type: 'string' },
      'requested-tier': { type: 'string' },
      batch: { type: 'boolean', default: false },
      timestamp: { type: 'string' },
      outcome: { type: 'string' },
      'http-status': { type: 'string' },
      host: { type: 'string' },
      prices: { type: 'string' },
      'price-data': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { output: COST_USAGE, code: 0 };
  if (!values.provider || !values.model || !values.usage) throw new ConfigError('cost needs --provider, --model and --usage (see genai-otel cost --help)');
  const usageText = values.usage.startsWith('@') ? await readFile(values.usage.slice(1)) : values.usage;
  let usage: unknown;
  try {
    usage = JSON.parse(usageText);
  } catch (error) {
    throw new ConfigError(`--usage is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.format !== undefined && !FORMATS.includes(values.format as UsageFormat)) {
    throw new ConfigError(`--format must be one of ${FORMATS.join(', ')}`);
  }
  if (values.outcome !== undefined && !OUTCOMES.includes(values.outcome as CallOutcome)) {
    throw new ConfigError(`--outcome must be one of ${OUTCOMES.join(', ')}`);
  }
  const timestamp = values.timestamp === undefined ? undefined : new Date(values.timestamp);
  if (timestamp !== undefined && Number.isNaN(timestamp.getTime())) throw new ConfigError(`--timestamp "${values.timestamp}" is not a date`);
  let pricer: Pricer;
  const warnings: string[] = [];
  try {
    pricer = createPricer({
      customPrices: values.prices,
      ...(values['price-data'] === undefined ? {} : { priceData: values['price-data'], diag: { warn: (message: string) => void warnings.push(message) } }),
    });
  } catch (error) {
    if (error instanceof PriceTableError) throw new ConfigError(error.message);
    throw error;
  }
  await pricer.ready;
  pricer.close();
  // Newer price data that cannot be loaded is an argument error here, not a silent fallback.
  if (warnings.length > 0) throw new ConfigError(warnings.join('\n'));
  const result = pricer.price({
    provider: values.provider,
    model: values.model,
    usage,
    usageFormat: values.format as UsageFormat | undefined,
    serviceTier: values['service-tier'],
    requestedServiceTier: values['requested-tier'],
    batch: values.batch,
    timestamp,
    outcome: values.outcome as CallOutcome | undefined,
    httpStatus: values['http-status'] === undefined ? undefined : Number(values['http-status']),
    serverAddress: values.host,
  });
  return { output: `${formatCostBreakdown(result)}\n`, code: result.status === 'priced' ? 0 : 3 };
}
