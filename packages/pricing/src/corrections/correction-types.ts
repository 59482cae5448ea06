import type { ModelPrice } from '@pydantic/genai-prices';
import type { PricedServiceTier, TokenClass } from '../types.js';

/** The shapes of the corrections table's entries (corrections.ts): each names its source and the day it was checked. */

export interface Reviewed {
  /** Stable id (used in notes and tests). */
  id: string;
  /** Where the rule or price comes from (URL; "as quoted by …" when only a quote was found). */
  source: string;
  /** Day the source was last read (YYYY-MM-DD). */
  checked: string;
}

/** Provider families whose calls the tier rules cover (the price-table provider ids). */
export type TierFamily = 'openai' | 'anthropic' | 'google';

/** A service tier priced as a factor of the standard prices, on every token class but `exempt`. */
export interface TierFactorCorrection extends Reviewed {
  kind: 'tier-factor';
  family: TierFamily;
  tier: Exclude<PricedServiceTier, 'standard'>;
  /** Canonical model ids (price-data ids) it applies to; undefined: every model of the family. */
  models?: readonly string[];
  /** Canonical model id prefixes it applies to (e.g. `gemini`), when `models` is undefined. */
  modelPrefix?: string;
  multiplier: number;
  /** Token classes billed at the standard price in this tier. */
  exempt?: readonly TokenClass[];
}

/** A service tier with prices of its own per model (OpenAI Priority lists them per model). */
export interface TierPricesCorrection extends Reviewed {
  kind: 'tier-prices';
  family: TierFamily;
  tier: Exclude<PricedServiceTier, 'standard'>;
  /** The model names the row lists, as a pattern over the call's (lower-cased) model name, dated snapshots included. */
  model: RegExp;
  /** The row's label on the page. */
  label: string;
  prices: ModelPrice;
  /** The tier does not serve requests above this many input tokens ("excludes long context"). */
  maxInputTokens?: number;
}

/** A tier the provider bills in a way that is not a per-token price (a capacity commitment). */
export interface TierUnpricedCorrection extends Reviewed {
  kind: 'tier-unpriced';
  family: TierFamily;
  tier: string;
  detail: string;
}

/** Fine-tuned model inference prices per base model (`ft:<base>:<org>[:<suffix>]:<id>`). */
export interface FineTunedCorrection extends Reviewed {
  kind: 'fine-tuned';
  provider: 'openai';
  /** Base model family as OpenAI names it (the base in the id is this, optionally with a -YYYY-MM-DD snapshot date). */
  base: string;
  /** Snapshot the page lists (used as the canonical model id). */
  snapshot: string;
  prices: ModelPrice;
}

/** One period of a model's tariff: [from, until), instants in UTC. */
export type TariffPeriod = { from?: string; until?: string } & (
  | { use: 'data' }
  | { use: 'prices'; prices: ModelPrice }
  | {
      use: 'peak-hours';
      offPeak: ModelPrice;
      peak: ModelPrice;
      /** Peak windows, `HH:MM` UTC, [start, end). */
      peakUtc: readonly (readonly [string, string])[];
      /**
       * Peak only Monday to Friday of this calendar (hours from UTC), minus `holidays` (local dates).
       * After `holidaysKnownUntil` a weekday's peak window cannot be placed (it may be a holiday).
       */
      weekdays?: { utcOffsetHours: number; holidays: readonly string[]; holidaysKnownUntil: string };
    }
  | { use: 'unknown'; why: string }
);

/** A model's tariffs by date, where the data cannot place its prices in time or places them wrong. */
export interface TariffCorrection extends Reviewed {
  kind: 'tariff';
  /** Price-table provider id. */
  provider: string;
  /** Canonical model id. */
  model: string;
  /** Consecutive periods; a timestamp in none of them cannot be priced. */
  periods: readonly TariffPeriod[];
  /** Instants the data should place a change at; when the data has a `start_date` equal to one, it caught up. */
  boundaries: readonly string[];
}

export type Correction = TierFactorCorrection | TierPricesCorrection | TierUnpricedCorrection | FineTunedCorrection | TariffCorrection;
