import type { CostFee, CostLine, NormalizedUsage, TokenClass } from '../types.js';
import { unitPrice, type PriceSheet, type SheetValue } from './price-sheet.js';
import { TEXT_FALLBACK_KEYS, TOKEN_CLASS_ORDER, TOKEN_CLASS_PRICE_KEYS, type PriceKey } from './token-classes.js';

/** Token price lines, per-call fees and their total. */
export interface ComputedCost {
  ok: true;
  amount: number;
  lines: CostLine[];
  fees: CostFee[];
  longContext: boolean;
  /** Unit price of each input-side class the sheet prices, at this call's tiers, whether the call used it or not. */
  inputUnitPrices: Partial<Record<TokenClass, number>>;
}

export interface CostFailure {
  ok: false;
  reason: 'unsupported_usage' | 'missing_price';
  detail: string;
}

/**
 * How a service tier changes the standard prices (src/rules/service-tier.ts). Either a factor on
 * every token class except `exempt` (Gemini Batch halves input and output but bills cache hits at
 * the standard cached price), or a price sheet of its own (OpenAI Priority lists its prices per
 * model). Per-call fees (web searches, request fees) are never changed.
 */
export type TierPricing = { kind: 'factor'; multiplier: number; exempt?: ReadonlySet<TokenClass> } | { kind: 'sheet'; sheet: PriceSheet };

/** Standard prices: the tier changes nothing. */
export const STANDARD: TierPricing = { kind: 'factor', multiplier: 1 };

export interface CostOptions {
  /** How the tier changes the prices (default: standard). */
  tier?: TierPricing;
  /** Modality classes billed at the text price when the sheet has no price of their own (token-classes.ts). */
  textPriceModalities?: ReadonlySet<TokenClass>;
}

/**
 * Splits normalised usage into disjoint token classes, each token in exactly one class, so that
 * nothing is billed twice and nothing is dropped. The subset rules come from the providers' usage
 * docs (billing-rules.md §1): cached and cache-write tokens ⊂ input; 5m/1h writes ⊂ writes;
 * reasoning ⊂ output; per-modality counts ⊂ their side. Returns a message when a subset is larger
 * than its parent (inconsistent usage).
 */
export function splitTokenClasses(u: NormalizedUsage): Record<TokenClass, number> | string {
  const cachedText = u.cacheReadInputTokens - u.cacheReadAudioTokens - u.cacheReadImageTokens - u.cacheReadVideoTokens;
  const uncachedAudio = u.inputAudioTokens - u.cacheReadAudioTokens;
  const uncachedImage = u.inputImageTokens - u.cacheReadImageTokens;
  const uncachedVideo = u.inputVideoTokens - u.cacheReadVideoTokens;
  const writeOther = u.cacheWriteInputTokens - u.cacheWrite5mInputTokens - u.cacheWrite1hInputTokens;
  const inputText = u.inputTokens - u.cacheReadInputTokens - u.cacheWriteInputTokens - uncachedAudio - uncachedImage - uncachedVideo;
  const outputText = u.outputTokens - u.reasoningOutputTokens - u.outputAudioTokens - u.outputImageTokens;

  if (u.cacheReadInputTokens + u.cacheWriteInputTokens > u.inputTokens) {
    return `cache reads (${u.cacheReadInputTokens}) + cache writes (${u.cacheWriteInputTokens}) exceed input tokens (${u.inputTokens})`;
  }
  if (writeOther < 0) {
    return `5m + 1h cache writes (${u.cacheWrite5mInputTokens + u.cacheWrite1hInputTokens}) exceed cache writes (${u.cacheWriteInputTokens})`;
  }
  if (cachedText < 0) return `cached audio/image/video tokens exceed cache reads (${u.cacheReadInputTokens})`;
  if (uncachedAudio < 0 || uncachedImage < 0 || uncachedVideo < 0) {
    return 'cached audio/image/video tokens exceed the audio/image/video input tokens';
  }
  if (inputText < 0) return `audio/image/video input tokens exceed uncached input tokens`;
  if (outputText < 0) {
    return `reasoning (${u.reasoningOutputTokens}) + audio/image output tokens exceed output tokens (${u.outputTokens})`;
  }
  return {
    input: inputText,
    input_audio: uncachedAudio,
    input_image: uncachedImage,
    input_video: uncachedVideo,
    cached_input: cachedText,
    cached_input_audio: u.cacheReadAudioTokens,
    cached_input_image: u.cacheReadImageTokens,
    cached_input_video: u.cacheReadVideoTokens,
    cache_write: writeOther,
    cache_write_5m: u.cacheWrite5mInputTokens,
    cache_write_1h: u.cacheWrite1hInputTokens,
    output: outputText,
    reasoning: u.reasoningOutputTokens,
    output_audio: u.outputAudioTokens,
    output_image: u.outputImageTokens,
  };
}

/**
 * Prices normalised usage with one model's price sheet and a service-tier rule. A token class
 * without a price of its own modality makes the whole call `missing_price` (never the text price,
 * token-classes.ts). The tier changes token prices, not per-call fees (Anthropic's Batch discount is
 * "50 % off input and output", billing-rules.md §3.2).
 */
export function computeCost(usage: NormalizedUsage, sheet: PriceSheet, options: CostOptions = {}): ComputedCost | CostFailure {
  const classes = splitTokenClasses(usage);
  if (typeof classes === 'string') return { ok: false, reason: 'unsupported_usage', detail: classes };
  const tier = options.tier ?? STANDARD;
  const standardValues = classValues(sheet, options.textPriceModalities);
  const tierValues = tier.kind === 'sheet' ? classValues(tier.sheet, options.textPriceModalities) : standardValues;

  const lines: CostLine[] = [];
  let amount = 0;
  let longContext = false;
  for (const tokenClass of TOKEN_CLASS_ORDER) {
    const tokens = classes[tokenClass];
    if (tokens <= 0) continue;
    const unit = classUnitPrice(tokenClass, usage.inputTokens, standardValues[tokenClass], tierValues[tokenClass], tier);
    if (!unit.ok) {
      const where = unit.inTierOnly ? ' in this service tier' : '';
      return { ok: false, reason: 'missing_price', detail: `no price for ${tokenClass} tokens${where} (${TOKEN_CLASS_PRICE_KEYS[tokenClass].join(' / ')})` };
    }
    const { pricePerMTok, standard, tiered } = unit;
    longContext ||= tiered;
    const lineAmount = (tokens * pricePerMTok) / 1e6;
    const line: CostLine = { tokenClass, tokens, pricePerMTok, amount: lineAmount };
    if (standard !== undefined && pricePerMTok !== standard) line.standardPricePerMTok = standard;
    lines.push(line);
    amount += lineAmount;
  }
  // The same unit prices for every input-side class, used or not: what a token would have cost in another class
  // (a cache read billed as uncached input, a miss had it been read from the cache).
  const inputUnitPrices: Partial<Record<TokenClass, number>> = {};
  for (const tokenClass of INPUT_CLASSES) {
    const value = tierValues[tokenClass];
    if (value !== undefined)
      inputUnitPrices[tokenClass] = tierPrice(tokenClass, typeof value === 'number' ? value : unitPrice(value, usage.inputTokens).price, tier);
  }

  const fees: CostFee[] = [];
  if (usage.webSearchCalls > 0) {
    const value = sheet.web_searches_kcount;
    if (value === undefined) {
      return { ok: false, reason: 'missing_price', detail: 'no price for web searches (web_searches_kcount)' };
    }
    const { price } = unitPrice(value, usage.inputTokens);
    const feeAmount = (usage.webSearchCalls * price) / 1000;
    fees.push({ kind: 'web_search', count: usage.webSearchCalls, pricePerThousand: price, amount: feeAmount });
    amount += feeAmount;
  }
  // genai-prices charges `requests_kcount` once per call.
  const requestFee = sheet.requests_kcount;
  if (requestFee !== undefined) {
    const { price } = unitPrice(requestFee, usage.inputTokens);
    fees.push({ kind: 'request', count: 1, pricePerThousand: price, amount: price / 1000 });
    amount += price / 1000;
  }
  return { ok: true, amount, lines, fees, longContext, inputUnitPrices };
}

/** The input-side token classes (TOKEN_CLASS_ORDER up to the output classes). */
const INPUT_CLASSES: readonly TokenClass[] = TOKEN_CLASS_ORDER.slice(0, TOKEN_CLASS_ORDER.indexOf('output'));

type ClassUnitPrice = { ok: true; pricePerMTok: number; standard: number | undefined; tiered: boolean } | { ok: false; inTierOnly: boolean };

/**
 * The unit price (USD per 1M tokens) of one token class on a call with `inputTokens` input tokens, from the class's
 * value in the standard sheet and in the tier's (its own price or its closest priced parent's, see
 * {@link classValues}): the long-context tier by total input (see unitPrice), then the service tier (a factor,
 * unless the class is exempt, or the tier's own sheet). `standard`: the standard-tier price.
 */
function classUnitPrice(
  tokenClass: TokenClass,
  inputTokens: number,
  standardValue: SheetValue | undefined,
  value: SheetValue | undefined,
  tier: TierPricing,
): ClassUnitPrice {
  if (value === undefined) return { ok: false, inTierOnly: tier.kind === 'sheet' && standardValue !== undefined };
  const { price, tiered } = typeof value === 'number' ? { price: value, tiered: false } : unitPrice(value, inputTokens);
  const standard = standardValue === undefined ? undefined : typeof standardValue === 'number' ? standardValue : unitPrice(standardValue, inputTokens).price;
  return { ok: true, pricePerMTok: tierPrice(tokenClass, price, tier), standard, tiered };
}

/** A class's price in the tier: a factor tier's multiplier applies unless the class is exempt; a tier sheet's price is its own. */
function tierPrice(tokenClass: TokenClass, price: number, tier: TierPricing): number {
  return tier.kind === 'factor' && tier.multiplier !== 1 && tier.exempt?.has(tokenClass) !== true ? price * tier.multiplier : price;
}

/** A sheet's value for every token class: the first of the class's price keys it has (see priceKeys). */
type ClassValues = Readonly<Record<TokenClass, SheetValue | undefined>>;

/** Per price sheet, per set of modalities priced at the text price: its class values, found once, not on every call. */
const classValuesCache = new WeakMap<PriceSheet, Map<ReadonlySet<TokenClass> | undefined, ClassValues>>();

function classValues(sheet: PriceSheet, textPriceModalities: ReadonlySet<TokenClass> | undefined): ClassValues {
  let bySet = classValuesCache.get(sheet);
  if (bySet === undefined) {
    bySet = new Map();
    classValuesCache.set(sheet, bySet);
  }
  let values = bySet.get(textPriceModalities);
  if (values === undefined) {
    const found: Partial<Record<TokenClass, SheetValue | undefined>> = {};
    for (const tokenClass of TOKEN_CLASS_ORDER) found[tokenClass] = firstPriced(sheet, priceKeys(tokenClass, textPriceModalities));
    values = found as ClassValues;
    bySet.set(textPriceModalities, values);
  }
  return values;
}

function priceKeys(tokenClass: TokenClass, textPriceModalities: ReadonlySet<TokenClass> | undefined): readonly PriceKey[] {
  const own = TOKEN_CLASS_PRICE_KEYS[tokenClass];
  const text = textPriceModalities?.has(tokenClass) === true ? TEXT_FALLBACK_KEYS[tokenClass] : undefined;
  return text === undefined ? own : [...own, ...text];
}

function firstPriced(sheet: PriceSheet, keys: readonly PriceKey[]): SheetValue | undefined {
  for (const key of keys) {
    const value = sheet[key];
    if (value !== undefined) return value;
  }
  return undefined;
}
