/*
 * How an OpenTelemetry metric becomes Prometheus series through the collector's `prometheus` /
 * `prometheus_remote_write` exporters and Prometheus 3's OTLP receiver under the default translation
 * strategy `UnderscoreEscapingWithSuffixes` (prometheus/otlptranslator; docs: /work/shared/docs/prometheus-pipeline.md §2):
 * the name split on every character outside [a-zA-Z0-9:] and rejoined with `_`; the unit's suffix appended unless
 * already a token of the name (a unit in braces contributes nothing, unknown units pass through, case kept);
 * `_ratio` for gauges of unit `1`; `_total` for monotonic counters; `_bucket`/`_sum`/`_count` for histograms.
 * The JS `@opentelemetry/exporter-prometheus` (direct scrape) adds no unit suffix: not the path genai-otel ships.
 */

export type InstrumentKind = 'counter' | 'observable_counter' | 'updown_counter' | 'histogram' | 'gauge' | 'observable_gauge';

/** otlptranslator's `unitMap` (the units genai-otel can meet; others pass through). */
const UNIT_MAP: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

/** otlptranslator's `perUnitMap` (the part after `/`). */
const PER_UNIT_MAP: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const isMonotonic = (kind: InstrumentKind): boolean => kind === 'counter' || kind === 'observable_counter';
const isGauge = (kind: InstrumentKind): boolean => kind === 'gauge' || kind === 'observable_gauge' || kind === 'updown_counter';

function unitTokens(unit: string): { main: string; per: string } {
  const [mainPart = '', perPart = ''] = unit.split('/', 2);
  const clean = (part: string, map: Readonly<Record<string, string>>): string => {
    const trimmed = part.trim();
    if (trimmed === '' || /[{}]/.test(trimmed)) return '';
    const mapped = map[trimmed] ?? trimmed;
    return mapped.replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  };
  return { main: clean(mainPart, UNIT_MAP), per: clean(perPart, PER_UNIT_MAP) };
}

/** The Prometheus metric name (without `_bucket`/`_sum`/`_count`) of an OTel metric. */
export function prometheusMetricName(name: string, unit: string, kind: InstrumentKind): string {
  const tokens = name.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
  const { main, per } = unitTokens(unit);
  if (main !== '' && !tokens.includes(main)) tokens.push(main);
  if (per !== '' && !tokens.includes(per)) tokens.push('per', per);
  if (isGauge(kind) && unit === '1' && !tokens.includes('ratio')) tokens.push('ratio');
  if (isMonotonic(kind) && tokens[tokens.length - 1] !== 'total') tokens.push('total');
  const joined = tokens.join('_');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** Every series name a metric becomes: one for counters and gauges, three for histograms. */
export function prometheusSeries(name: string, unit: string, kind: InstrumentKind): string[] {
  const base = prometheusMetricName(name, unit, kind);
  return kind === 'histogram' ? [`${base}_bucket`, `${base}_sum`, `${base}_count`] : [base];
}

/** The Prometheus label an attribute key becomes (`gen_ai.request.model` → `gen_ai_request_model`). */
export function prometheusLabel(key: string): string {
  const label = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(label) ? `key_${label}` : label;
}
