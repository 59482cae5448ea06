import type { CompiledPriceTable } from './custom/compile-price-table.js';
import { compilePriceTable } from './custom/compile-price-table.js';
import { loadCustomPriceTable } from './custom/load-custom-price-table.js';
import { pricesAt } from './corrections/tariff.js';
import { fetchPriceData, loadPriceDataFile, loadPriceDataFileSync } from './data/load-price-data.js';
import { BUNDLED_PRICE_DATA, type PriceData } from './data/price-data.js';
import { registerPricer, unregisterPricer } from './data/price-data-age.js';
import { BUNDLED_DATA_VERSION } from './data-version.js';
import { computeCost, type TierPricing } from './engine/compute-cost.js';
import { unitPrice, type PriceSheet } from './engine/price-sheet.js';
import { MODALITY_AT_TEXT_PRICE } from './engine/token-classes.js';
import { failedCallWithoutUsage } from './rules/failed-calls.js';
import { asPricedTier, customTierRule, resolveServiceTier, tableTierRule, type ServiceTier, type TierRule } from './rules/service-tier.js';
import { ModelResolver } from './table/model-resolver.js';
import { findTableProvider, providerFamily } from './table/table-provider.js';
import type {
  CostBreakdown,
  CostResult,
  CostSource,
  DiagLogger,
  NormalizedUsage,
  PricedCost,
  PriceInput,
  Pricer,
  PricerOptions,
  TokenClass,
  UnknownCost,
  UnknownCostReason,
} from './types.js';
import { inferUsageFormat } from '@genai-otel/providers';
import { normalizeUsage } from './usage/normalize-usage.js';
import { emptyUsage } from './usage/normalize-usage.js';

const DEFAULT_CACHE_SIZE = 4096;
const DEFAULT_FETCH_TIMEOUT_MS = 10_000;

/** What a pricer prices with; swapped as a whole when newer price data is loaded. */
interface PricerState {
  data: PriceData;
  resolver: ModelResolver;
  dataVersion: string;
}

/**
 * Creates a pricer. A custom table (object or file path) is loaded and validated here, so an
 * invalid table throws `PriceTableError` at start-up and `price()` never throws. Newer price data
 * (`options.priceData`) never throws: on any error the pricer keeps the bundled snapshot (or the last
 * good data) and says so with a `diag` warning.
 */
export function createPricer(options: PricerOptions = {}): Pricer {
  const custom = options.customPrices === undefined ? undefined : compilePriceTable(loadCustomPriceTable(options.customPrices));
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const warn = diagWarn(options.diag);
  const stateOf = (data: PriceData): PricerState => ({
    data,
    resolver: new ModelResolver(data, custom, cacheSize),
    dataVersion: custom === undefined ? data.version : `${data.version}+custom@${custom.version}`,
  });
  let state = stateOf(BUNDLED_PRICE_DATA);

  const source = typeof options.priceData === 'string' ? { source: options.priceData } : options.priceData;
  let ready: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | undefined;
  if (source !== undefined) {
    const remote = /^https?:\/\//i.test(source.source);
    const fetchImpl = source.fetch ?? globalThis.fetch;
    const timeoutMs = source.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    const load = async (): Promise<void> => {
      const current = state.data;
      try {
        const data = remote ? await fetchPriceData(source.source, fetchImpl, current, timeoutMs) : await loadPriceDataFile(source.source);
        if (data.version !== current.version || data.date?.getTime() !== current.date?.getTime()) state = stateOf(data);
      } catch (error) {
        warn(`genai-otel pricing: could not load price data (${error instanceof Error ? error.message : String(error)}); keeping ${current.version}`);
      }
    };
    if (remote) {
      ready = load();
    } else {
      try {
        state = stateOf(loadPriceDataFileSync(source.source));
      } catch (error) {
        warn(
          `genai-otel pricing: could not load price data (${error instanceof Error ? error.message : String(error)}); using the bundled ${BUNDLED_DATA_VERSION}`,
        );
      }
    }
    if (source.refreshIntervalMs !== undefined && source.refreshIntervalMs > 0) {
      timer = setInterval(() => {
        ready = load();
      }, source.refreshIntervalMs);
      timer.unref?.();
    }
  }

  const pricer: Pricer = {
    get dataVersion() {
      return state.dataVersion;
    },
    get dataDate() {
      return state.data.date;
    },
    get dataOrigin() {
      return state.data.origin;
    },
    get ready() {
      return ready;
    },
    dataAgeSeconds(now: Date = new Date()) {
      const date = state.data.date;
      return date === undefined ? undefined : Math.max(0, (now.getTime() - date.getTime()) / 1000);
    },
    close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      unregisterPricer(pricer);
    },
    price(input: PriceInput): CostResult {
      const current = state;
      try {
        return priceCall(input, current, custom);
      } catch (error) {
        return unknown('internal_error', current.dataVersion, error instanceof Error ? error.message : String(error));
      }
    },
  };
  registerPricer(pricer);
  return pricer;
}

/** OpenTelemetry's `diag.warn`, without depending on @opentelemetry/api: its global logger, when one is registered. */
function diagWarn(diag: DiagLogger | undefined): (message: string) => void {
  if (diag !== undefined) return (message) => diag.warn(message);
  return (message) => {
    const api = (globalThis as Record<symbol, { diag?: DiagLogger } | undefined>)[Symbol.for('opentelemetry.js.api.1')];
    api?.diag?.warn(message);
  };
}

interface CallContext {
  input: PriceInput;
  state: PricerState;
  custom: CompiledPriceTable | undefined;
}

function priceCall(input: PriceInput, state: PricerState, custom: CompiledPriceTable | undefined): CostResult {
  const { dataVersion } = state;
  if (typeof input.provider !== 'string' || typeof input.model !== 'string') {
    return unknown('invalid_input', dataVersion, 'provider and model must be strings');
  }
  const timestamp = input.timestamp ?? new Date();
  if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
    return unknown('invalid_input', dataVersion, 'timestamp is not a valid Date');
  }
  const context: CallContext = { input, state, custom };
  if (input.reportedCost !== undefined) return priceReportedCost(context, input.reportedCost);
  if (input.usage === undefined || input.usage === null) return priceWithoutUsage(context);
  return priceFromUsage(context, timestamp);
}

/** A cost the provider itself returned is what it bills. */
function priceReportedCost({ input, state }: CallContext, reportedCost: number): CostResult {
  if (!Number.isFinite(reportedCost) || reportedCost < 0) {
    return unknown('invalid_input', state.dataVersion, `reportedCost must be a non-negative number, got ${reportedCost}`);
  }
  const usage = input.usage === undefined || input.usage === null ? emptyUsage() : tryNormalize(input);
  const counts = typeof usage === 'string' ? emptyUsage() : usage;
  return {
    status: 'priced',
    amount: reportedCost,
    currency: 'USD',
    source: 'provider',
    dataVersion: state.dataVersion,
    model: input.model,
    provider: input.provider,
    breakdown: emptyBreakdown(counts, resolveServiceTier(input.batch, input.serviceTier, counts.serviceTier)),
    notes: ['cost reported by the provider'],
  };
}

/**
 * No usage arrived: unknown, unless the provider documents that this failure is not billed
 * (src/rules/failed-calls.ts). A call that was never served has no served tier: the requested tier
 * decides (a Flex request rejected with 429 is not billed).
 */
function priceWithoutUsage({ input, state }: CallContext): CostResult {
  const { dataVersion } = state;
  const outcome = input.outcome ?? 'success';
  if (outcome === 'success') return unknown('no_usage', dataVersion, 'the response carried no usage object');
  if (outcome === 'aborted' || outcome === 'timeout') {
    const what = outcome === 'timeout' ? 'timed out' : 'aborted';
    return unknown('aborted', dataVersion, `${what} before usage arrived; the provider may still bill the call`);
  }
  const tableProvider = findTableProvider(state.data, input.provider, input.serverAddress);
  const tier = resolveServiceTier(input.batch, input.requestedServiceTier ?? input.serviceTier, undefined);
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

/** Usage → token classes → prices of the custom entry or the price data (tariff in force, service tier). */
function priceFromUsage({ input, state, custom }: CallContext, timestamp: Date): CostResult {
  const { dataVersion } = state;
  const usage = tryNormalize(input);
  if (typeof usage === 'string') return unknown('unsupported_usage', dataVersion, usage);

  const resolution = state.resolver.resolve(input.provider, input.serverAddress, input.model);
  if (resolution.kind === 'unknown') return unknown(resolution.reason, dataVersion, resolution.detail);

  const tier = resolveServiceTier(input.batch, input.serviceTier, usage.serviceTier);
  const notes = resolution.alias === undefined ? [] : [resolution.alias];
  let result: PricedCost | UnknownCost;
  if (resolution.kind === 'custom') {
    const { entry } = resolution;
    const rule = customTierRule(entry.serviceTiers, entry.model, tier);
    if (!rule.ok) return unknown('unsupported_service_tier', dataVersion, rule.detail);
    result = priced(usage, entry.sheet, rule, undefined, 'custom', `custom@${custom?.version ?? ''}`, entry.model, entry.label, notes);
  } else {
    const { model, provider, family } = resolution;
    const tariff = pricesAt(provider.id, model.id, model.prices, timestamp);
    if (!tariff.ok) return unknown('unknown_tariff', dataVersion, tariff.detail);
    const rawModel = input.model.trim().toLowerCase();
    const rule = tableTierRule(family, model.id, rawModel, tier, usage.inputTokens, resolution.fineTuned === true);
    if (!rule.ok) return unknown('unsupported_service_tier', dataVersion, rule.detail);
    if (tariff.note !== undefined) notes.push(tariff.note);
    if (resolution.fineTuned === true) notes.push(`fine-tuned model priced from OpenAI's fine-tuning prices of ${model.id.slice('ft:'.length)}`);
    let source: CostSource = 'price-table';
    if (resolution.viaGateway !== undefined) {
      source = 'price-table-fallback';
      notes.push(`${resolution.viaGateway} has its own prices in the custom table but none for ${input.model}: priced at ${provider.id}'s list price`);
    }
    result = priced(usage, tariff.prices, rule, MODALITY_AT_TEXT_PRICE[family], source, state.data.version, model.id, provider.id, notes);
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
  rule: Extract<TierRule, { ok: true }>,
  textPriceModalities: ReadonlySet<TokenClass> | undefined,
  source: CostSource,
  dataVersion: string,
  model: string,
  provider: string,
  notes: string[],
): PricedCost | UnknownCost {
  const computed = computeCost(usage, sheet, { tier: rule.pricing, ...(textPriceModalities === undefined ? {} : { textPriceModalities }) });
  if (!computed.ok) {
    const detail = computed.reason === 'missing_price' ? `${computed.detail} (${provider}/${model})` : computed.detail;
    return unknown(computed.reason, dataVersion, detail);
  }
  if (rule.note !== undefined) notes.push(rule.note);
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
      serviceTier: rule.tier,
      serviceTierMultiplier: headlineMultiplier(rule.pricing, sheet, usage.inputTokens),
      inputUnitPrices: computed.inputUnitPrices,
    },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** The tier's factor on the input price: the factor itself, or tier input ÷ standard input for per-model tier prices. */
function headlineMultiplier(pricing: TierPricing, sheet: PriceSheet, inputTokens: number): number {
  if (pricing.kind === 'factor') return pricing.multiplier;
  const standard = sheet.input_mtok;
  const tiered = pricing.sheet.input_mtok;
  if (standard === undefined || tiered === undefined) return 1;
  const base = unitPrice(standard, inputTokens).price;
  return base === 0 ? 1 : unitPrice(tiered, inputTokens).price / base;
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
