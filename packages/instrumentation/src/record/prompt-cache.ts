/*
 * Prompt-cache arithmetic on a priced call's breakdown (@genai-otel/pricing: its lines and inputUnitPrices), and the
 * providers' rules for which calls could have been cached (README "Avoidable spend"). All amounts in USD.
 */
import type { CostBreakdown, TokenClass } from '@genai-otel/pricing';
import { cacheableTokens, promptCacheMinimumTokens } from '@genai-otel/providers';

/** Each cache-read class and the uncached class it would have been billed as. */
const CACHED_AS: ReadonlyArray<[cached: TokenClass, uncached: TokenClass]> = [
  ['cached_input', 'input'],
  ['cached_input_audio', 'input_audio'],
  ['cached_input_image', 'input_image'],
  ['cached_input_video', 'input_video'],
];

/** Cache-write classes and the TTL each is kept for (`cache_write`: TTL not reported, Anthropic's default 5 minutes). */
const WRITE_TTL: ReadonlyArray<[TokenClass, PromptCacheTtl]> = [
  ['cache_write', '5m'],
  ['cache_write_5m', '5m'],
  ['cache_write_1h', '1h'],
];

export type PromptCacheTtl = '5m' | '1h';
export const TTL_MS: Readonly<Record<PromptCacheTtl, number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

function tokensOf(breakdown: CostBreakdown, tokenClass: TokenClass): number {
  return breakdown.lines.find((line) => line.tokenClass === tokenClass)?.tokens ?? 0;
}

/** Cache-read tokens of the call (every modality). */
export function cacheReadTokens(breakdown: CostBreakdown): number {
  return CACHED_AS.reduce((sum, [cached]) => sum + tokensOf(breakdown, cached), 0);
}

/** Cache-write tokens of the call (every TTL). */
export function cacheWriteTokens(breakdown: CostBreakdown): number {
  return WRITE_TTL.reduce((sum, [write]) => sum + tokensOf(breakdown, write), 0);
}

/**
 * What prompt caching saved on this call: each cache-read line's tokens priced at the uncached rate of its modality
 * (inputUnitPrices, this call's tiers) minus what they cost (the line's own price):
 * Σ tokens × (uncached price − cached price) / 10⁶. 0 when nothing was read or the model has no cache discount.
 */
export function promptCacheSavings(breakdown: CostBreakdown): number {
  const prices = breakdown.inputUnitPrices;
  if (prices === undefined) return 0;
  let saved = 0;
  for (const [cached, uncached] of CACHED_AS) {
    const line = breakdown.lines.find((candidate) => candidate.tokenClass === cached);
    const full = prices[uncached];
    if (line === undefined || full === undefined || full <= line.pricePerMTok) continue;
    saved += (line.tokens * (full - line.pricePerMTok)) / 1e6;
  }
  return saved;
}

/** A call long enough to be cached that read nothing from the cache and wrote nothing to it. */
export interface PromptCacheMiss {
  /** Tokens the cache could have served (see `cacheableTokens` of @genai-otel/providers). */
  cacheableTokens: number;
  /** What the miss added: cacheable tokens × (input price − cached-input price) / 10⁶ — an upper bound (a prompt sent for the first time cannot hit). */
  cost: number;
}

/**
 * The miss on this call, if it is one: the provider has a caching rule ({@link promptCacheMinimumTokens}), the call's
 * total input reached its minimum, the model has a cache-read price below its input price (so caching would have
 * saved money), and the call neither read from nor wrote to the cache (a call that wrote the cache was caching: see
 * the unread writes). Undefined otherwise.
 */
export function promptCacheMiss(provider: string, model: string, breakdown: CostBreakdown): PromptCacheMiss | undefined {
  const minimum = promptCacheMinimumTokens(provider, model);
  const prices = breakdown.inputUnitPrices;
  if (minimum === undefined || prices === undefined) return undefined;
  const input = prices.input;
  const cached = prices.cached_input;
  if (input === undefined || cached === undefined || cached >= input) return undefined;
  if (breakdown.inputTokens < minimum || cacheReadTokens(breakdown) > 0 || cacheWriteTokens(breakdown) > 0) return undefined;
  const tokens = Math.min(cacheableTokens(provider, breakdown.inputTokens, minimum), tokensOf(breakdown, 'input'));
  if (tokens <= 0) return undefined;
  return { cacheableTokens: tokens, cost: (tokens * (input - cached)) / 1e6 };
}

/** The cache writes of a call, per TTL. */
export interface PromptCacheWrite {
  ttl: PromptCacheTtl;
  tokens: number;
  /** What writing cost over billing the same tokens as plain input: tokens × (write price − input price) / 10⁶. */
  premium: number;
}

/** The call's cache writes by TTL (tokens > 0), with the write premium each paid. */
export function promptCacheWrites(breakdown: CostBreakdown): PromptCacheWrite[] {
  const input = breakdown.inputUnitPrices?.input;
  if (input === undefined) return [];
  const byTtl = new Map<PromptCacheTtl, PromptCacheWrite>();
  for (const [tokenClass, ttl] of WRITE_TTL) {
    const line = breakdown.lines.find((candidate) => candidate.tokenClass === tokenClass);
    if (line === undefined || line.tokens <= 0) continue;
    const entry = byTtl.get(ttl) ?? { ttl, tokens: 0, premium: 0 };
    entry.tokens += line.tokens;
    entry.premium += (line.tokens * Math.max(0, line.pricePerMTok - input)) / 1e6;
    byTtl.set(ttl, entry);
  }
  return [...byTtl.values()];
}

/** A cache write that expired unread. */
export interface UnreadWrite<A> {
  ttl: PromptCacheTtl;
  tokens: number;
  premium: number;
  /** What the write was recorded with (the writing call's metric attributes). */
  attributes: A;
}

interface PendingWrite<A> extends UnreadWrite<A> {
  expiresAt: number;
}

/**
 * Anthropic cache writes waiting to be read, by TTL and the keyed digest of the prefix written (PromptPrefixes), at
 * most `capacity` per TTL (the oldest is forgotten, uncounted, when a new one does not fit). A later call that read
 * from the cache and whose prompt has the written prefix at a block boundary marks it read. A write still unread
 * when its TTL has run out is reported by {@link sweep}: its premium bought nothing.
 */
export class PendingCacheWrites<A> {
  /** One map per TTL: insertion order is expiry order (a merged write is moved to the end). */
  private readonly pending: Record<PromptCacheTtl, Map<string, PendingWrite<A>>> = { '5m': new Map(), '1h': new Map() };

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.pending['5m'].size + this.pending['1h'].size;
  }

  /** A call wrote `prefix`; a write of the same prefix still pending (a concurrent writer) is merged into it. */
  add(prefix: string, write: PromptCacheWrite, attributes: A, now: number): void {
    const map = this.pending[write.ttl];
    const existing = map.get(prefix);
    map.delete(prefix);
    const entry: PendingWrite<A> = existing
      ? { ...existing, tokens: existing.tokens + write.tokens, premium: existing.premium + write.premium, expiresAt: now + TTL_MS[write.ttl] }
      : { ttl: write.ttl, tokens: write.tokens, premium: write.premium, attributes, expiresAt: now + TTL_MS[write.ttl] };
    map.set(prefix, entry);
    while (map.size > this.capacity) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }

  /** A call read from the cache: every pending write of one of its prefixes was read. Returns how many. */
  read(prefixes: readonly string[]): number {
    let read = 0;
    for (const prefix of prefixes) {
      for (const map of Object.values(this.pending)) if (map.delete(prefix)) read += 1;
    }
    return read;
  }

  /** Removes and returns the writes whose TTL ran out by `now` unread. */
  sweep(now: number): UnreadWrite<A>[] {
    const expired: UnreadWrite<A>[] = [];
    for (const map of Object.values(this.pending)) {
      for (const [prefix, entry] of map) {
        if (entry.expiresAt > now) break;
        map.delete(prefix);
        expired.push({ ttl: entry.ttl, tokens: entry.tokens, premium: entry.premium, attributes: entry.attributes });
      }
    }
    return expired;
  }
}
