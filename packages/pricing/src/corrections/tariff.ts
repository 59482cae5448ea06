import type { ConditionalPrice, ModelPrice } from '@pydantic/genai-prices';
import { selectPrices } from '../engine/price-sheet.js';
import { TARIFF_CORRECTIONS, type TariffCorrection, type TariffPeriod } from './corrections.js';

/** The prices in force at a call's timestamp, or why they cannot be known. */
export type TariffResult = { ok: true; prices: ModelPrice; note?: string } | { ok: false; detail: string };

const byModel = new Map(TARIFF_CORRECTIONS.map((correction) => [`${correction.provider}\u0001${correction.model}`, correction]));

/**
 * Prices of a model at `at`: from its tariff correction when it has one (src/corrections), else
 * from the data with genai-prices' own rule (`selectPrices`). Data prices that depend on the time of
 * day but carry no date cannot be placed in time (a tariff that starts or ends on a day the data does
 * not say): without a correction they are unknown rather than guessed.
 */
export function pricesAt(providerId: string, modelId: string, data: readonly ConditionalPrice[] | ModelPrice, at: Date): TariffResult {
  const correction = byModel.get(`${providerId}\u0001${modelId}`);
  if (correction !== undefined) return fromCorrection(correction, data, at);
  if (Array.isArray(data) && (data as readonly ConditionalPrice[]).some((entry) => entry.constraint?.type === 'time_of_date')) {
    return {
      ok: false,
      detail: `the price data has time-of-day prices for ${providerId}/${modelId} without the dates they apply between, and genai-otel has no reviewed tariff for it`,
    };
  }
  return { ok: true, prices: selectPrices(data, at) };
}

function fromCorrection(correction: TariffCorrection, data: readonly ConditionalPrice[] | ModelPrice, at: Date): TariffResult {
  const ms = at.getTime();
  const period = correction.periods.find(
    (candidate) => (candidate.from === undefined || ms >= Date.parse(candidate.from)) && (candidate.until === undefined || ms < Date.parse(candidate.until)),
  );
  if (period === undefined) return { ok: false, detail: `no tariff of ${correction.model} covers ${at.toISOString()} (${correction.id})` };
  return pricesOfPeriod(correction, period, data, at);
}

function pricesOfPeriod(correction: TariffCorrection, period: TariffPeriod, data: readonly ConditionalPrice[] | ModelPrice, at: Date): TariffResult {
  const note = `tariff ${correction.id} (${period.from ?? '…'} – ${period.until ?? '…'})`;
  switch (period.use) {
    case 'data':
      return { ok: true, prices: selectPrices(data, at), note };
    case 'prices':
      return { ok: true, prices: period.prices, note };
    case 'peak-hours': {
      const hours = peakHours(period, at);
      if (hours === 'unknown') {
        return {
          ok: false,
          detail: `a weekday peak window after ${period.weekdays?.holidaysKnownUntil ?? ''}: whether it is a public holiday (off-peak) is not in the reviewed calendar (${correction.id})`,
        };
      }
      return { ok: true, prices: hours === 'peak' ? period.peak : period.offPeak, note: `${note}, ${hours} hours` };
    }
    case 'unknown':
      return { ok: false, detail: `${period.why} (${correction.id})` };
  }
}

/**
 * Peak when inside a peak window (UTC) on a working day of the period's calendar (when it has one);
 * `unknown` for a weekday peak window past the reviewed holiday calendar.
 */
export function peakHours(period: Extract<TariffPeriod, { use: 'peak-hours' }>, at: Date): 'peak' | 'off-peak' | 'unknown' {
  const minute = at.getUTCHours() * 60 + at.getUTCMinutes();
  if (!period.peakUtc.some(([start, end]) => minute >= minutes(start) && minute < minutes(end))) return 'off-peak';
  const weekdays = period.weekdays;
  if (weekdays === undefined) return 'peak';
  const local = new Date(at.getTime() + weekdays.utcOffsetHours * 3_600_000);
  const day = local.getUTCDay();
  if (day === 0 || day === 6) return 'off-peak';
  if (weekdays.holidays.includes(local.toISOString().slice(0, 10))) return 'off-peak';
  return at.getTime() >= Date.parse(weekdays.holidaysKnownUntil) ? 'unknown' : 'peak';
}

function minutes(hhmm: string): number {
  const [hh = '0', mm = '0'] = hhmm.split(':');
  return Number(hh) * 60 + Number(mm);
}
