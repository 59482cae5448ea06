import { attributionKey, isPersonKey } from './attribution.js';

/** The attribution settings with their defaults applied. */
export interface ResolvedAttribution {
  /** Attribute keys recorded on metrics (normalised; person keys removed). */
  metricKeys: string[];
  /** Keys asked for as metric dimensions but refused because they identify a person (warned about at start). */
  refusedKeys: string[];
  /** Baggage entry names read as attribution. */
  baggageKeys: string[];
  /** Distinct values kept per metric key before `_OTHER`. */
  maxValues: number;
}

export interface AttributionOptions {
  metricAttributes?: string[] | undefined;
  baggageKeys?: string[] | undefined;
  maxMetricAttributeValues?: number | undefined;
}

/**
 * `metricAttributes` (env `GENAI_OTEL_METRIC_ATTRIBUTES`), `baggageKeys` (env `GENAI_OTEL_BAGGAGE_KEYS`), both
 * comma-separated in the environment, and `maxMetricAttributeValues` (env `GENAI_OTEL_MAX_METRIC_ATTRIBUTE_VALUES`);
 * options win over the environment.
 */
export function resolveAttribution(options: AttributionOptions, env: NodeJS.ProcessEnv): ResolvedAttribution {
  const requested = unique((options.metricAttributes ?? list(env['GENAI_OTEL_METRIC_ATTRIBUTES'])).map(attributionKey));
  const max = options.maxMetricAttributeValues ?? numberFrom(env['GENAI_OTEL_MAX_METRIC_ATTRIBUTE_VALUES']);
  return {
    metricKeys: requested.filter((key) => !isPersonKey(key)),
    refusedKeys: requested.filter(isPersonKey),
    baggageKeys: unique((options.baggageKeys ?? list(env['GENAI_OTEL_BAGGAGE_KEYS'])).map((key) => key.trim()).filter(Boolean)),
    maxValues: typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : 100,
  };
}

/** The warning for keys refused as metric dimensions (they stay on spans). */
export function refusedKeysWarning(keys: readonly string[]): string {
  return `genai-otel: ${keys.join(', ')} identif${keys.length === 1 ? 'ies' : 'y'} a person and cannot be a metric dimension (metricAttributes / GENAI_OTEL_METRIC_ATTRIBUTES); recorded on spans only`;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function unique(keys: string[]): string[] {
  return [...new Set(keys.filter((key) => key !== '' && key !== 'genai_otel.'))];
}

function numberFrom(value: string | undefined): number | undefined {
  return value === undefined || value.trim() === '' ? undefined : Number(value);
}
