import type { UsageFormat } from '@genai-otel/providers';
/**
 * Public types of `@genai-otel/pricing`. Everything exported from the package's entry point that is
 * a type lives here; internal shapes live next to the code that uses them.
 */

export type { UsageFormat } from '@genai-otel/providers';

/**
 * How the call ended, as far as the client saw it.
 *
 * - `success`: a response arrived (for streams: the stream reached its end).
 * - `http_error`: the provider answered with an HTTP error status.
 * - `aborted`: the caller (or the network) ended the call or the stream early.
 * - `timeout`: the client gave up waiting.
 */
export type CallOutcome = 'success' | 'http_error' | 'aborted' | 'timeout';

/** What one call costs: provider, model, raw usage and the request extras that change the price. */
export interface PriceInput {
  /** `gen_ai.provider.name` (`openai`, `anthropic`, `gcp.gemini`, `gcp.vertex_ai`, `deepseek`, `azure.ai.openai`, …). */
  provider: string;
  /** Model name as requested or as returned by the provider (dated snapshots are matched). */
  model: string;
  /** The provider's `usage` object exactly as the API returned it (Gemini: `usageMetadata`). */
  usage: unknown;
  /**
   * Shape of `usage`.
   * @default inferred from `provider` and the fields present in `usage`
   */
  usageFormat?: UsageFormat;
  /**
   * Service tier that **served** the request, as the response reports it (OpenAI `service_tier`,
   * Gemini `serviceTier`): `default`, `flex`, `priority`, … A tier reported inside `usage`
   * (Anthropic `usage.service_tier`, Vertex `usageMetadata.trafficType`) takes precedence.
   * @default standard pricing
   */
  serviceTier?: string;
  /**
   * Service tier the **request** asked for (the request body's `service_tier`): `flex`, `priority`, …
   * Used only for a call that was never served (an HTTP error without usage), whose response cannot
   * say which tier served it — OpenAI does not bill a Flex request rejected with 429 (flex-processing
   * guide). A served call is always priced by `serviceTier` (pricing by the requested tier is the bug
   * of BerriAI/litellm#31837).
   * @default undefined
   */
  requestedServiceTier?: string;
  /**
   * True when the call went through the provider's Batch API.
   * @default false
   */
  batch?: boolean;
  /**
   * When the call was made; selects historical and time-of-day prices.
   * @default the current time
   */
  timestamp?: Date;
  /**
   * How the call ended. Decides what a missing `usage` means.
   * @default 'success'
   */
  outcome?: CallOutcome;
  /** HTTP status of a failed call (`outcome: 'http_error'`); needed for provider rules such as "429 is not billed". */
  httpStatus?: number;
  /** `server.address` the request went to: selects custom prices keyed by gateway host and recognises known provider hosts. */
  serverAddress?: string;
  /**
   * Cost in USD the provider or gateway returned for this call (e.g. OpenRouter `usage.cost`).
   * When given it wins over any table (`source: 'provider'`).
   * @default undefined (compute from prices)
   */
  reportedCost?: number;
}

/**
 * Token classes of the breakdown. Each token of a call is in exactly one class, so the classes
 * add up to the call's total input and output tokens.
 */
export type TokenClass =
  | 'input'
  | 'input_audio'
  | 'input_image'
  | 'input_video'
  | 'cached_input'
  | 'cached_input_audio'
  | 'cached_input_image'
  | 'cached_input_video'
  | 'cache_write'
  | 'cache_write_5m'
  | 'cache_write_1h'
  | 'output'
  | 'reasoning'
  | 'output_audio'
  | 'output_image';

/** One line of the breakdown: a token class, how many tokens, at which unit price. */
export interface CostLine {
  tokenClass: TokenClass;
  tokens: number;
  /** Unit price in USD per 1M tokens actually applied: long-context tier and service tier included. */
  pricePerMTok: number;
  /** `tokens × pricePerMTok / 1e6`, in USD. */
  amount: number;
  /**
   * The standard-tier unit price of this class, set only when the service tier changed it (e.g. a
   * Gemini batch call halves `input` and `output` but bills `cached_input` at the standard cached
   * price: those lines have it, the cached line has not).
   */
  standardPricePerMTok?: number;
}

/** A charge per call rather than per token. */
export interface CostFee {
  /** `web_search`: server-side searches (Anthropic `server_tool_use.web_search_requests`); `request`: per-request fee. */
  kind: 'web_search' | 'request';
  count: number;
  /** USD per 1,000 calls. */
  pricePerThousand: number;
  amount: number;
}

/** Normalised service tier the price was computed for. */
export type PricedServiceTier = 'standard' | 'batch' | 'flex' | 'priority';

/** How the amount was built. `lines` and `fees` add up to the amount. */
export interface CostBreakdown {
  /** Token classes with at least one token, in a fixed order (input side first). */
  lines: CostLine[];
  /** Per-call fees (web searches, per-request fees); empty for most calls. */
  fees: CostFee[];
  /** All input tokens, cached and cache-write tokens included. */
  inputTokens: number;
  /** All output tokens, reasoning included. */
  outputTokens: number;
  /** True when a long-context tier (e.g. > 200k input tokens) repriced the whole request. */
  longContext: boolean;
  /** Service tier the prices are for. */
  serviceTier: PricedServiceTier;
  /**
   * Factor the service tier applied to the input price (1 for standard; for per-model tier prices
   * such as OpenAI Priority: tier input price ÷ standard input price). A tier rule may leave some
   * classes at the standard price: the lines with `standardPricePerMTok` are the ones it changed.
   */
  serviceTierMultiplier: number;
  /**
   * The unit price (USD per 1M tokens) of every input-side token class the model has a price for, as it applies to
   * this call (long-context tier and service tier included), whether the call used the class or not: `input`,
   * `cached_input`, `cache_write_5m`, … What a token would have cost in another class — a cache read had it been
   * uncached input, an uncached token had it been read from the cache. Absent on breakdowns without prices (a cost
   * the provider reported, an unbilled error).
   */
  inputUnitPrices?: Partial<Record<TokenClass, number>>;
}

/**
 * Where the price came from.
 * - `price-table`: the model's list price (bundled or loaded price data, with genai-otel's corrections).
 * - `custom`: an entry of the user's custom price table.
 * - `provider`: the provider reported the cost, or documents that the call is not billed.
 * - `price-table-fallback`: the call went to a gateway host that has its own prices in the custom
 *   table, but none for this model: priced at the model provider's list price, which the gateway may
 *   not charge.
 */
export type CostSource = 'price-table' | 'custom' | 'provider' | 'price-table-fallback';

/** Why a cost of zero was reported although the call was made. */
export type ZeroCostReason = 'error_not_billed';

/**
 * Why the cost is unknown.
 *
 * - `unknown_provider`: no price table for the provider and no custom entry.
 * - `unknown_model`: the provider is known but the model is not in the tables (never priced at $0).
 * - `no_usage`: the call succeeded but no usage object arrived.
 * - `aborted`: the call was aborted or timed out before usage arrived; the provider may still bill it.
 * - `unsupported_usage`: the usage object could not be read, or is inconsistent (e.g. cached > prompt).
 * - `unsupported_service_tier`: the tier's price is not known for this provider/model (e.g. Scale Tier, Anthropic Priority).
 * - `error_billing_unknown`: an HTTP error without usage that the provider does not document as unbilled.
 * - `missing_price`: the model is known but has no price for a token class the call used (e.g. audio
 *   tokens of a model with text prices only — never billed at the text price); `detail` names the class.
 * - `unknown_tariff`: the call's timestamp falls in a period whose price the data cannot place in time
 *   (a tariff change at an undocumented instant, or before the data's first known tariff).
 * - `invalid_input`: the input itself is unusable (e.g. an invalid timestamp).
 * - `internal_error`: a bug in this package; `detail` has the message.
 */
export type UnknownCostReason =
  | 'unknown_provider'
  | 'unknown_model'
  | 'no_usage'
  | 'aborted'
  | 'unsupported_usage'
  | 'unsupported_service_tier'
  | 'error_billing_unknown'
  | 'missing_price'
  | 'unknown_tariff'
  | 'invalid_input'
  | 'internal_error';

/** The cost of a call was computed. */
export interface PricedCost {
  status: 'priced';
  /** USD. */
  amount: number;
  currency: 'USD';
  source: CostSource;
  /** Version of the price data used: `genai-prices@<version>` or `custom@<version>`. */
  dataVersion: string;
  /** Canonical model priced (e.g. `gpt-4.1` for `gpt-4.1-2025-04-14`); the input model when no table was used. */
  model: string;
  /** Price-table provider id (`openai`, `anthropic`, `google`, …) or the custom entry's provider/host label. */
  provider: string;
  breakdown: CostBreakdown;
  /**
   * True when the call ended early (`aborted`/`timeout`) and the usage is partial: the amount is
   * a lower bound, the provider may have billed more.
   */
  partial?: boolean;
  /** Set when `amount` is 0 because the provider documents that such a call is not billed. */
  zeroCostReason?: ZeroCostReason;
  /** Human-readable notes (which rule applied, what was assumed). */
  notes?: string[];
}

/** The cost of a call cannot be known; never reported as 0. */
export interface UnknownCost {
  status: 'unknown';
  reason: UnknownCostReason;
  currency: 'USD';
  dataVersion: string;
  detail?: string;
}

export type CostResult = PricedCost | UnknownCost;

/** Token counts read from a provider usage object, in inclusive terms (subsets noted). All counts ≥ 0. */
export interface NormalizedUsage {
  /** All input tokens: uncached, cache reads and cache writes. */
  inputTokens: number;
  /** All output tokens, reasoning included. */
  outputTokens: number;
  /** ⊂ inputTokens: tokens read from the provider's cache. */
  cacheReadInputTokens: number;
  /** ⊂ inputTokens: all tokens written to the cache (any TTL). */
  cacheWriteInputTokens: number;
  /** ⊂ cacheWriteInputTokens: writes with a 5-minute TTL (Anthropic). */
  cacheWrite5mInputTokens: number;
  /** ⊂ cacheWriteInputTokens: writes with a 1-hour TTL (Anthropic). */
  cacheWrite1hInputTokens: number;
  /** ⊂ outputTokens: reasoning / thinking tokens. */
  reasoningOutputTokens: number;
  /** ⊂ inputTokens: audio input, cached audio included. */
  inputAudioTokens: number;
  /** ⊂ inputTokens: image (and document) input, cached included. */
  inputImageTokens: number;
  /** ⊂ inputTokens: video input, cached included. */
  inputVideoTokens: number;
  /** ⊂ cacheReadInputTokens and ⊂ inputAudioTokens. */
  cacheReadAudioTokens: number;
  /** ⊂ cacheReadInputTokens and ⊂ inputImageTokens. */
  cacheReadImageTokens: number;
  /** ⊂ cacheReadInputTokens and ⊂ inputVideoTokens. */
  cacheReadVideoTokens: number;
  /** ⊂ outputTokens: audio output. */
  outputAudioTokens: number;
  /** ⊂ outputTokens: image output. */
  outputImageTokens: number;
  /** Server-side web searches billed per call (Anthropic `server_tool_use.web_search_requests`). */
  webSearchCalls: number;
  /** Service tier reported inside the usage object (Anthropic `service_tier`, Vertex `trafficType`), if any. */
  serviceTier?: string;
}

/**
 * A price in USD per 1M tokens: a number, or tiers keyed by the request's total input tokens
 * (`start` exclusive: the tier applies when total input > start, to **all** tokens of the class).
 */
export type CustomPriceValue = number | { base: number; tiers: { start: number; price: number }[] };

/**
 * Prices of one custom model, per token class, in USD per 1M tokens (`web_search`: USD per 1,000
 * searches). A class without a price is billed like its parent class: `cache_write_5m` →
 * `cache_write` → `input`, `cached_input` → `input`, `reasoning` → `output`, `input_audio` → `input`, …
 */
export type CustomPrices = { input: CustomPriceValue; output: CustomPriceValue } & Partial<
  Record<Exclude<TokenClass, 'input' | 'output'>, CustomPriceValue>
> & { web_search?: number };

/** Service tiers a custom entry supports, as multipliers of its prices (`batch: 0.5`). */
export type CustomServiceTiers = Partial<Record<Exclude<PricedServiceTier, 'standard'>, number>>;

/** One custom price entry: a model as seen at a provider and/or a gateway host. */
export interface CustomModelPrice {
  /** Model name (case-insensitive). A trailing `*` matches by prefix (`my-llama-*`). */
  model: string;
  /**
   * `gen_ai.provider.name` the entry applies to.
   * @default any provider
   */
  provider?: string;
  /**
   * `server.address` (gateway host) the entry applies to; `*.example.com` matches subdomains.
   * @default any host
   */
  host?: string;
  prices: CustomPrices;
  /**
   * Multipliers for non-standard tiers. A call in a tier not listed here is `unknown`.
   * @default {} (standard only)
   */
  service_tiers?: CustomServiceTiers;
  /** Free text (where the price comes from). */
  note?: string;
}

/** Maps a model name used by a gateway to the canonical model to price. */
export interface CustomModelAlias {
  /** Model name as the gateway knows it (case-insensitive; trailing `*` matches by prefix). */
  model: string;
  /** Canonical model name to price instead (looked up in the custom entries, then in the bundled table). */
  target: string;
  /**
   * Price-table provider of `target` (`openai`, `anthropic`, `gcp.gemini`, …).
   * @default the call's provider
   */
  target_provider?: string;
  /** @default any provider */
  provider?: string;
  /** @default any host */
  host?: string;
  note?: string;
}

/** A user price table (file or object). Entries win over the bundled table. */
export interface CustomPriceTable {
  /**
   * Label reported as `custom@<version>` in `dataVersion`.
   * @default a hash of the table's content
   */
  version?: string;
  /** @default [] */
  models?: CustomModelPrice[];
  /** @default [] */
  aliases?: CustomModelAlias[];
}

/** The part of OpenTelemetry's `DiagLogger` the pricer uses. */
export interface DiagLogger {
  warn(message: string, ...args: unknown[]): void;
}

/** Where newer price data comes from (genai-prices' own data format, `prices/new_data/v2/data.json`). */
export interface PriceDataSource {
  /** A path, or an `http(s)://` URL (e.g. genai-prices' live feed, `GENAI_PRICES_DATA_URL`). */
  source: string;
  /**
   * Load it again this often, in milliseconds (opt-in, like genai-prices' `updatePrices`). A failed
   * reload keeps the data in use.
   * @default no refresh
   */
  refreshIntervalMs?: number;
  /** @default 10000 */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface PricerOptions {
  /**
   * A custom price table, or the path to one (`.json`, `.yaml` or `.yml`). Loaded and validated
   * once, in `createPricer`; an invalid table throws `PriceTableError` there, never later.
   * @default none (bundled prices only)
   */
  customPrices?: CustomPriceTable | string;
  /**
   * Size of the (provider, host, model) → price-entry cache; cleared when full.
   * @default 4096
   */
  cacheSize?: number;
  /**
   * Newer price data in genai-prices' format instead of the bundled snapshot: a path (read at once)
   * or a URL (fetched in the background; the bundled snapshot prices until it arrives, see `ready`).
   * Validated; on any error the bundled snapshot (or the last good data) stays in use and a `diag`
   * warning says why. Corrections (src/corrections) apply to it as to the bundled data.
   * @default the bundled snapshot only
   */
  priceData?: string | PriceDataSource;
  /**
   * Where warnings go.
   * @default OpenTelemetry's global `diag` logger, when one is registered
   */
  diag?: DiagLogger;
}

export interface Pricer {
  /** Prices one call. Never throws: anything it cannot price is `{ status: 'unknown', reason }`. */
  price(input: PriceInput): CostResult;
  /**
   * `genai-prices@<version>` (bundled) or `genai-prices-data@<sha256 prefix>` (loaded), plus
   * `+custom@<version>` when a custom table is loaded.
   */
  readonly dataVersion: string;
  /** The own date of the price data in use (bundled: its release date; a file: its modification time; a URL: `Last-Modified`, else when first loaded). */
  readonly dataDate: Date | undefined;
  /** `bundled`, the path or the URL of the price data in use. */
  readonly dataOrigin: string;
  /** Settles when the latest load of `priceData` has finished (successfully or not). */
  readonly ready: Promise<void>;
  /** Seconds since `dataDate` (the `genai_otel.pricing.data.age` gauge). */
  dataAgeSeconds(now?: Date): number | undefined;
  /** Stops the periodic refresh and the age gauge's view of this pricer. */
  close(): void;
}
