import type { ConditionalPrice, ModelPrice } from '@pydantic/genai-prices';
import { selectPrices } from '../engine/price-sheet.js';
import { TARIFF_CORRECTIONS, type TariffCorrection, type TariffPeriod } from './corrections.js';

/** The prices in force at a call's timestamp, or why they cannot be known. */
export type TariffResult = { ok: true; prices: ModelPrice; note?: string } | { ok: false; detail: string };

type PeakPeriod = Extract<TariffPeriod, { use: 'peak-hours' }>;

const DAY_MS = 86_400_000;

/** A peak-hours period's calendar as numbers: what a call's timestamp is compared with. */
interface CompiledPeak {
  /** Peak windows, minutes of the UTC day, [start, end). */
  windows: readonly (readonly [number, number])[];
  weekdays?: { offsetMs: number; holidays: ReadonlySet<number>; knownUntil: number };
}

/** A tariff period with its instants parsed and its notes written once, not on every call. */
interface CompiledPeriod {
  period: TariffPeriod;
  from: number;
  until: number;
  note: string;
  peak?: CompiledPeak & { peakNote: string; offPeakNote: string };
}

const compiledPeaks = new WeakMap<PeakPeriod, CompiledPeak>();

/** Tariff corrections by provider id, then canonical model id. */
const byModel = new Map<string, Map<string, { correction: TariffCorrection; periods: readonly CompiledPeriod[] }>>();
for (const correction of TARIFF_CORRECTIONS) {
  let models = byModel.get(correction.provider);
  if (models === undefined) {
    models = new Map();
    byModel.set(correction.provider, models);
  }
  models.set(correction.model, { correction, periods: correction.periods.map((period) => compilePeriod(correction, period)) });
}

/** Whether undated price data has time-of-day prices, per price data array (answered once). */
const timeOfDay = new WeakMap<readonly ConditionalPrice[], boolean>();

/**
 * Prices of a model at `at`: from its tariff correction when it has one (src/corrections), else
 * from the data with genai-prices' own rule (`selectPrices`). Data prices that depend on the time of
 * day but carry no date cannot be placed in time (a tariff that starts or ends on a day the data does
 * not say): without a correction they are unknown rather than guessed.
 */
export function pricesAt(providerId: string, modelId: string, data: readonly ConditionalPrice[] | ModelPrice, at: Date): TariffResult {
  const correction = byModel.get(providerId)?.get(modelId);
  if (correction !== undefined) return fromCorrection(correction.correction, correction.periods, data, at);
  if (Array.isArray(data) && hasTimeOfDay(data as readonly ConditionalPrice[])) {
    return {
      ok: false,
      detail: `the price data has time-of-day prices for ${providerId}/${modelId} without the dates they apply between, and genai-otel has no reviewed tariff for it`,
    };
  }
  return { ok: true, prices: selectPrices(data, at) };
}

function hasTimeOfDay(data: readonly ConditionalPrice[]): boolean {
  let known = timeOfDay.get(data);
  if (known === undefined) {
    known = data.some((entry) => entry.constraint?.type === 'time_of_date');
    timeOfDay.set(data, known);
  }
  return known;
}

function fromCorrection(
  correction: TariffCorrection,
  periods: readonly CompiledPeriod[],
  data: readonly ConditionalPrice[] | ModelPrice,
  at: Date,
): TariffResult {
  const ms = at.getTime();
  const compiled = periods.find((candidate) => ms >= candidate.from && ms < candidate.until);
  if (compiled === undefined) return { ok: false, detail: `no tariff of ${correction.model} covers ${at.toISOString()} (${correction.id})` };
  const { period, note } = compiled;
  switch (period.use) {
    case 'data':
      return { ok: true, prices: selectPrices(data, at), note };
    case 'prices':
      return { ok: true, prices: period.prices, note };
    case 'peak-hours': {
      const peak = compiled.peak as NonNullable<CompiledPeriod['peak']>;
      const hours = hoursAt(peak, ms);
      if (hours === 'unknown') {
        return {
          ok: false,
          detail: `a weekday peak window after ${period.weekdays?.holidaysKnownUntil ?? ''}: whether it is a public holiday (off-peak) is not in the reviewed calendar (${correction.id})`,
        };
      }
      return hours === 'peak' ? { ok: true, prices: period.peak, note: peak.peakNote } : { ok: true, prices: period.offPeak, note: peak.offPeakNote };
    }
    case 'unknown':
      return { ok: false, detail: `${period.why} (${correction.id})` };
  }
}

function compilePeriod(correction: TariffCorrection, period: TariffPeriod): CompiledPeriod {
  const note = `tariff ${correction.id} (${period.from ?? '…'} – ${period.until ?? '…'})`;
  return {
    period,
    // An unparseable instant (NaN) matches no timestamp, as Date.parse on every call did.
    from: period.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(period.from),
    until: period.until === undefined ? Number.POSITIVE_INFINITY : Date.parse(period.until),
    note,
    ...(period.use === 'peak-hours' ? { peak: { ...compilePeak(period), peakNote: `${note}, peak hours`, offPeakNote: `${note}, off-peak hours` } } : {}),
  };
}

function compilePeak(period: PeakPeriod): CompiledPeak {
  let compiled = compiledPeaks.get(period);
  if (compiled === undefined) {
    const weekdays = period.weekdays;
    compiled = {
      windows: period.peakUtc.map(([start, end]) => [minutes(start), minutes(end)] as const),
      ...(weekdays === undefined
        ? {}
        : {
            weekdays: {
              offsetMs: weekdays.utcOffsetHours * 3_600_000,
              holidays: new Set(weekdays.holidays.map((day) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS))),
              knownUntil: Date.parse(weekdays.holidaysKnownUntil),
            },
          }),
    };
    compiledPeaks.set(period, compiled);
  }
  return compiled;
}

/**
 * Peak when inside a peak window (UTC) on a working day of the period's calendar (when it has one);
 * `unknown` for a weekday peak window past the reviewed holiday calendar.
 */
export function peakHours(period: PeakPeriod, at: Date): 'peak' | 'off-peak' | 'unknown' {
  return hoursAt(compilePeak(period), at.getTime());
}

function hoursAt(peak: CompiledPeak, ms: number): 'peak' | 'off-peak' | 'unknown' {
  const minute = Math.floor(mod(ms, DAY_MS) / 60_000);
  if (!peak.windows.some(([start, end]) => minute >= start && minute < end)) return 'off-peak';
  const weekdays = peak.weekdays;
  if (weekdays === undefined) return 'peak';
  // The local calendar day (days since 1970-01-01, a Thursday) and its weekday (0 = Sunday).
  const localDay = Math.floor((ms + weekdays.offsetMs) / DAY_MS);
  const day = mod(localDay + 4, 7);
  if (day === 0 || day === 6) return 'off-peak';
  if (weekdays.holidays.has(localDay)) return 'off-peak';
  return ms >= weekdays.knownUntil ? 'unknown' : 'peak';
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}

function minutes(hhmm: string): number {
  const [hh = '0', mm = '0'] = hhmm.split(':');
  return Number(hh) * 60 + Number(mm);
}
