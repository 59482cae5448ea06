import type { Pricer } from '../types.js';

/**
 * The age of the price data in use, as a metric the pricer owns: every live pricer of the process is
 * registered here, and `registerPriceDataAgeGauge` reports one point per distinct data (version and
 * origin) at each collection. Only an OpenTelemetry `Meter`'s shape is needed (no dependency).
 */
const live = new Set<WeakRef<Pricer>>();

export function registerPricer(pricer: Pricer): void {
  live.add(new WeakRef(pricer));
}

export function unregisterPricer(pricer: Pricer): void {
  for (const ref of live) if (ref.deref() === pricer || ref.deref() === undefined) live.delete(ref);
}

/** One point of the gauge: the data a live pricer prices with. */
export interface PriceDataAge {
  /** `genai-prices@0.1.8` or `genai-prices-data@<sha256 prefix>`. */
  dataVersion: string;
  /** `bundled`, a path or a URL. */
  origin: string;
  /** Seconds since the data's own date. */
  ageSeconds: number;
}

/** The data of every live pricer, once per version and origin (a pricer whose data has no date is left out). */
export function priceDataAges(now: Date = new Date()): PriceDataAge[] {
  const seen = new Map<string, PriceDataAge>();
  for (const ref of live) {
    const pricer = ref.deref();
    if (pricer === undefined) {
      live.delete(ref);
      continue;
    }
    const ageSeconds = pricer.dataAgeSeconds(now);
    if (ageSeconds === undefined) continue;
    const dataVersion = pricer.dataVersion.split('+custom@')[0] ?? pricer.dataVersion;
    const key = `${dataVersion}\u0001${pricer.dataOrigin}`;
    if (!seen.has(key)) seen.set(key, { dataVersion, origin: pricer.dataOrigin, ageSeconds });
  }
  return [...seen.values()];
}

/** Name, unit and attributes of the gauge (Prometheus: `genai_otel_pricing_data_age_seconds`). */
export const PRICE_DATA_AGE_METRIC = 'genai_otel.pricing.data.age';
export const ATTR_PRICING_DATA_VERSION = 'genai_otel.pricing.data_version';
export const ATTR_PRICING_DATA_ORIGIN = 'genai_otel.pricing.data_origin';

/** The part of an OpenTelemetry `Meter` the gauge needs. */
export interface GaugeMeter {
  createObservableGauge(
    name: string,
    options?: { description?: string; unit?: string },
  ): { addCallback(callback: (result: { observe(value: number, attributes?: Record<string, string>): void }) => void): void };
}

/**
 * Registers `genai_otel.pricing.data.age` (unit `s`) on a meter: seconds since the own date of the
 * price data each live pricer uses, with its version and origin. The alert on it is
 * `GenAIPriceDataStale` (alerts/config.mjs).
 */
export function registerPriceDataAgeGauge(meter: GaugeMeter): void {
  meter
    .createObservableGauge(PRICE_DATA_AGE_METRIC, {
      description: 'Seconds since the own date of the price data the cost is computed with (bundled snapshot or loaded file).',
      unit: 's',
    })
    .addCallback((result) => {
      for (const { dataVersion, origin, ageSeconds } of priceDataAges()) {
        result.observe(ageSeconds, { [ATTR_PRICING_DATA_VERSION]: dataVersion, [ATTR_PRICING_DATA_ORIGIN]: origin });
      }
    });
}
