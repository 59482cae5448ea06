import type { CompiledPriceTable } from './custom/compile-price-table.js';
import { compilePriceTable } from './custom/compile-price-table.js';
import { loadCustomPriceTable } from './custom/load-custom-price-table.js';
import { BUNDLED_DATA_VERSION } from './data-version.js';
import { computeCost } from './engine/compute-cost.js';
import { selectPrices, type PriceSheet } from './engine/price-sheet.js';
import { failedCallWithoutUsage } from './rules/failed-calls.js';
import { asPricedTier, customTierMultiplier, resolveServiceTier, tableTierMultiplier, type ServiceTier } from './rules/service-tier.js';
import { ModelResolver } from './table/model-resolver.js';
import { findTableProvider, providerFamily } from './table/table-provider.js';
import type {
  CostBreakdown,
  CostResult,
  NormalizedUsage,
  PricedCost,
  PriceInput,
  Pricer,
  PricerOptions,
  UnknownCost,
  UnknownCostReason,
} from './types.js';
import { inferUsageFormat } from './usage/infer-usage-format.js';
import { normalizeUsage } from './usage/normalize-usage.js';
import { emptyUsage } from './usage/read-fields.js';

const DEFAULT_CACHE_SIZE = 4096;

/**
 * Creates a pricer. A custom table (object or file path) is loaded and validated here, so an
 * invalid table throws `PriceTableError` at start-up and `price()` never throws.
 */
export function createPricer(options: PricerOptions = {}): Pricer {
  const custom =
    options.customPrices === undefined ? undefined : compilePriceTable(loadCustomPriceTable(options.customPrices));
  const dataVersion = custom === undefined ? BUNDLED_DATA_VERSION : `${BUNDLED_DATA_VERSION}+custom@${custom.version}`;
  const resolver = new ModelResolver(custom, options.cacheSize ?? DEFAULT_CACHE_SIZE);
  return {
    dataVersion,
    price(input: PriceInput): CostResult {
      try {
        return priceCall(input, resolver, custom, dataVersion);
      } catch (error) {
        return unknown('internal_error', dataVersion, error instanceof Error ? error.message : String(error));
      }
    },
  };
}

interface CallContext {
  input: PriceInput;
  resolver: ModelResolver;
  custom: CompiledPriceTable | undefined;
  dataVersion: string;
}

function priceCall(input: PriceInput, resolver: ModelResolver, custom: CompiledPriceTable | undefined, dataVersion: string): CostResult {
  if (typeof input.provider !== 'string' || typeof input.model !== 'string') {
    return unknown('invalid_input', dataVersion, 'provider and model must be strings');
  }
  const timestamp = input.timestamp ?? new Date();
  if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
    return unknown('invalid_input', dataVersion, 'timestamp is not a valid Date');
  }
  const context: CallContext = { input, resolver, custom, dataVersion };
  if (input.reportedCost !== undefined) return priceReportedCost(context, input.reportedCost);
  if (input.usage === undefined || input.usage === null) return priceWithoutUsage(context);
  return priceFromUsage(context, timestamp);
}

/** A cost the provider itself returned is what it bills. */
function priceReportedCost({ input, dataVersion }: CallContext, reportedCost: number): CostResult {
  if (!Number.isFinite(reportedCost) || reportedCost < 0) {
    return unknown('invalid_input', dataVersion, `reportedCost must be a non-negative number, got ${reportedCost}`);
  }
  const usage = input.usage === undefined || input.usage === null ? emptyUsage() : tryNormalize(input);
  const counts = typeof usage === 'string' ? emptyUsage() : usage;
  return {
    status: 'priced',
    amount: reportedCost,
    currency: 'USD',
    source: 'provider',
    dataVersion,
    model: input.model,
    provider: input.provider,
    breakdown: emptyBreakdown(counts, resolveServiceTier(input.batch, input.serviceTier, counts.serviceTier)),
    notes: ['cost reported by the provider'],
  };
}

/** No usage arrived: unknown, unless the provider documents that this failure is not billed (src/rules/failed-calls.ts). */
function priceWithoutUsage({ input, dataVersion }: CallContext): CostResult {
  const outcome = input.outcome ?? 'success';
  if (outcome === 'success') return unknown('no_usage', dataVersion, 'the response carried no usage object');
  if (outcome === 'aborted' || outcome === 'timeout') {
    const what = outcome === 'timeout' ? 'timed out' : 'aborted';
    return unknown('aborted', dataVersion, `${what} before usage arrived; the provider may still bill the call`);
  }
  const tableProvider = findTableProvider(input.provider, input.serverAddress);
  const tier = resolveServiceTier(input.batch, input.serviceTier, undefined);
  const verdict = failedCallWithoutUsage(providerFamily(tableProvider?.id), input.httpStatus, tier);
  if (verdict.billed === 'unknown') return unknown('error_billing_unknown', dataVersion, verdict.detail);
  return {
    status: 'priced',
    amount: 0,
    currency: 'USD',
    source: 'provider',
    dataVersion,
    model: input.model,
    provider: tableProvider?.id ?? input.provider,
    breakdown: emptyBreakdown(emptyUsage(), tier),
    zeroCostReason: 'error_not_billed',
    notes: [verdict.rule],
  };
}

/** Usage → token classes → prices of the custom entry or the bundled table, times the tier multiplier. */
function priceFromUsage({ input, resolver, custom, dataVersion }: CallContext, timestamp: Date): CostResult {
  const usage = tryNormalize(input);
  if (typeof usage === 'string') return unknown('unsupported_usage', dataVersion, usage);

  const resolution = resolver.resolve(input.provider, input.serverAddress, input.model);
  if (resolution.kind === 'unknown') return unknown(resolution.reason, dataVersion, resolution.detail);

  const tier = resolveServiceTier(input.batch, input.serviceTier, usage.serviceTier);
  const notes = resolution.alias === undefined ? [] : [resolution.alias];
  let result: PricedCost | UnknownCost;
  if (resolution.kind === 'custom') {
    const { entry } = resolution;
    const multiplier = customTierMultiplier(entry.serviceTiers, entry.model, tier);
    if (!multiplier.ok) return unknown('unsupported_service_tier', dataVersion, multiplier.detail);
    result = priced(usage, entry.sheet, multiplier, 'custom', `custom@${custom?.version ?? ''}`, entry.model, entry.label, notes);
  } else {
    const { model, provider, family } = resolution;
    const multiplier = tableTierMultiplier(family, model.id, tier);
    if (!multiplier.ok) return unknown('unsupported_service_tier', dataVersion, multiplier.detail);
    const sheet = selectPrices(model.prices, timestamp);
    result = priced(usage, sheet, multiplier, 'price-table', BUNDLED_DATA_VERSION, model.id, provider.id, notes);
  }

  const outcome = input.outcome ?? 'success';
  if (result.status === 'priced' && (outcome === 'aborted' || outcome === 'timeout')) {
    // Usage that arrived before an abort/timeout (Anthropic message_start, Gemini per-chunk usage)
    // is partial: the provider may keep generating and billing (BerriAI/litellm PR #36008,
    // vercel/ai#8325; billing-rules.md §6).
    result.partial = true;
    result.notes = [...(result.notes ?? []), `${outcome}: usage is partial, the amount is a lower bound`];
  }
  return result;
}

function priced(
  usage: NormalizedUsage,
  sheet: PriceSheet,
  multiplier: { tier: CostBreakdown['serviceTier']; multiplier: number },
  source: 'price-table' | 'custom',
  dataVersion: string,
  model: string,
  provider: string,
  notes: string[],
): PricedCost | UnknownCost {
  const computed = computeCost(usage, sheet, multiplier.multiplier);
  if (!computed.ok) {
    const detail = computed.reason === 'missing_price' ? `${computed.detail} (${provider}/${model})` : computed.detail;
    return unknown(computed.reason, dataVersion, detail);
  }
  return {
    status: 'priced',
    amount: computed.amount,
    currency: 'USD',
    source,
    dataVersion,
    model,
    provider,
    breakdown: {
      lines: computed.lines,
      fees: computed.fees,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      longContext: computed.longContext,
      serviceTier: multiplier.tier,
      serviceTierMultiplier: multiplier.multiplier,
    },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

function tryNormalize(input: PriceInput): NormalizedUsage | string {
  const format = input.usageFormat ?? inferUsageFormat(input.provider, input.usage);
  if (format === undefined) return 'cannot tell the usage format from its fields; pass usageFormat';
  try {
    return normalizeUsage(format, input.usage);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function emptyBreakdown(usage: NormalizedUsage, tier: ServiceTier): CostBreakdown {
  return {
    lines: [],
    fees: [],
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    longContext: false,
    serviceTier: asPricedTier(tier) ?? 'standard',
    serviceTierMultiplier: 1,
  };
}

function unknown(reason: UnknownCostReason, dataVersion: string, detail?: string): UnknownCost {
  return { status: 'unknown', reason, currency: 'USD', dataVersion, ...(detail === undefined ? {} : { detail }) };
}
