import { findProvider, type MatchLogic, type Provider } from '@pydantic/genai-prices';
import { BUNDLED_DATA_DATE, BUNDLED_DATA_VERSION } from '../data-version.js';

/** The price data a pricer uses: the bundled snapshot, or a newer file in genai-prices' format. */
export interface PriceData {
  /** `genai-prices@0.1.8` for the bundled snapshot, `genai-prices-data@<sha256 prefix>` for a loaded file. */
  readonly version: string;
  /** The data's own date (bundled: the release date of its package; loaded: see load-price-data.ts). */
  readonly date: Date | undefined;
  /** Where it came from: `bundled`, a path or a URL. */
  readonly origin: string;
  /** genai-prices' provider lookup (`findProvider`) over this data. */
  findProvider(options: { providerId?: string; providerApiUrl?: string }): Provider | undefined;
}

/** The data bundled in `@pydantic/genai-prices`, looked up with the library's own `findProvider`. */
export const BUNDLED_PRICE_DATA: PriceData = {
  version: BUNDLED_DATA_VERSION,
  date: new Date(BUNDLED_DATA_DATE),
  origin: 'bundled',
  findProvider: (options) => findProvider(options),
};

/**
 * Price data from a provider list in genai-prices' format, with the same provider lookup as the
 * library's `findProvider` (by id, then `provider_match`; by `api_pattern` for an API URL).
 */
export function priceDataOf(providers: readonly Provider[], version: string, date: Date | undefined, origin: string): PriceData {
  const patterns = new Map(providers.map((provider) => [provider, new RegExp(`^(?:${provider.api_pattern})`)]));
  return {
    version,
    date,
    origin,
    findProvider({ providerId, providerApiUrl }) {
      if (providerId !== undefined && providerId !== '') {
        const id = providerId.toLowerCase().trim();
        const found =
          providers.find((provider) => provider.id === id) ??
          providers.find((provider) => provider.provider_match !== undefined && matches(provider.provider_match, id));
        if (found !== undefined || id !== 'litellm') return found;
      }
      if (providerApiUrl !== undefined) return providers.find((provider) => patterns.get(provider)?.test(providerApiUrl) === true);
      return undefined;
    },
  };
}

function matches(logic: MatchLogic, value: string): boolean {
  const v = value.toLowerCase();
  if ('or' in logic) return logic.or.some((inner) => matches(inner, value));
  if ('and' in logic) return logic.and.every((inner) => matches(inner, value));
  if ('equals' in logic) return v === logic.equals.toLowerCase();
  if ('starts_with' in logic) return v.startsWith(logic.starts_with.toLowerCase());
  if ('ends_with' in logic) return v.endsWith(logic.ends_with.toLowerCase());
  if ('contains' in logic) return v.includes(logic.contains.toLowerCase());
  if ('regex' in logic) return new RegExp(logic.regex).test(value);
  return false;
}
