import type { ConditionalPrice, ModelPrice } from '@pydantic/genai-prices';

/** Prices whose value depends on the request's total input tokens (long-context tiers). */
export interface TieredPrice {
  base: number;
  tiers: readonly { start: number; price: number }[];
}

/** One price: flat or tiered, USD per 1M tokens (per 1,000 for `*_kcount` keys). */
export type SheetValue = number | TieredPrice;

/** The prices of one model at one moment, keyed by genai-prices price key. */
export type PriceSheet = Readonly<Record<string, SheetValue | undefined>>;

/**
 * Unit price for a request whose total input is `totalInputTokens`: the highest tier whose `start`
 * is below the total, applied to every token of the class. This is genai-prices' tier rule
 * (whole-request repricing) and the providers' rule: Gemini "> 200k" prompts and Anthropic
 * long-context requests are priced entirely at the higher rate (billing-rules.md §1, §3.2, §4.1).
 */
export function unitPrice(value: SheetValue, totalInputTokens: number): { price: number; tiered: boolean } {
  if (typeof value === 'number') return { price: value, tiered: false };
  let price = value.base;
  let bestStart = -1;
  for (const tier of value.tiers) {
    if (totalInputTokens > tier.start && tier.start > bestStart) {
      price = tier.price;
      bestStart = tier.start;
    }
  }
  return { price, tiered: bestStart >= 0 };
}

type CompiledConstraint = { kind: 'always' } | { kind: 'from'; at: number } | { kind: 'window'; start: number; end: number };

interface CompiledPrices {
  entries: readonly { constraint: CompiledConstraint; prices: ModelPrice }[];
}

const compiledCache = new WeakMap<readonly ConditionalPrice[], CompiledPrices>();

/**
 * Picks the prices in force at `at` from a model's list of conditional prices, with genai-prices'
 * own rule (`calcPrice` with `timestamp`): walk the list from the end and take the first entry that
 * applies — no constraint, a `start_date` on or before `at`, or a UTC time-of-day window containing
 * `at` (DeepSeek off-peak) — else the first entry. Compiled once per model.
 */
export function selectPrices(prices: readonly ConditionalPrice[] | ModelPrice, at: Date): ModelPrice {
  if (!Array.isArray(prices)) return prices as ModelPrice;
  const list = prices as readonly ConditionalPrice[];
  let compiled = compiledCache.get(list);
  if (compiled === undefined) {
    compiled = compile(list);
    compiledCache.set(list, compiled);
  }
  const ms = at.getTime();
  const secondOfDay = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
  const { entries } = compiled;
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry = entries[index];
    if (entry === undefined) continue;
    const c = entry.constraint;
    if (c.kind === 'always') return entry.prices;
    if (c.kind === 'from') {
      if (ms >= c.at) return entry.prices;
    } else if (c.end < c.start) {
      if (secondOfDay >= c.start || secondOfDay < c.end) return entry.prices;
    } else if (secondOfDay >= c.start && secondOfDay < c.end) {
      return entry.prices;
    }
  }
  const first = entries[0];
  if (first === undefined) throw new Error('model has an empty price list');
  return first.prices;
}

function compile(list: readonly ConditionalPrice[]): CompiledPrices {
  return {
    entries: list.map((entry) => {
      const c = entry.constraint;
      let constraint: CompiledConstraint;
      if (c === undefined) constraint = { kind: 'always' };
      else if (c.type === 'start_date') constraint = { kind: 'from', at: new Date(c.start_date).getTime() };
      else constraint = { kind: 'window', start: secondsOfDay(c.start_time), end: secondsOfDay(c.end_time) };
      return { constraint, prices: entry.prices };
    }),
  };
}

/** `HH:MM:SS[.fff](Z|±HH:MM)` → seconds after UTC midnight (as genai-prices reads time-of-day constraints). */
function secondsOfDay(value: string): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (match === null) throw new Error(`invalid time-of-day constraint: ${value}`);
  const [, hh, mm, ss, frac = '', zone, sign, oh = '00', om = '00'] = match;
  const local = Number(hh) * 3600 + Number(mm) * 60 + Number(ss) + Number(`0.${frac}`);
  const offset = zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60;
  return (local - offset + 86_400) % 86_400;
}
