import { describe, expect, it } from 'vitest';
import { TARIFF_CORRECTIONS, type TariffPeriod } from './corrections.js';
import { peakHours, pricesAt } from './tariff.js';

// pricesAt compiles each tariff once (instants parsed, peak windows in minutes, holidays as day numbers);
// these tests hold it to the rules as they read on the table's strings, at many instants.

type PeakPeriod = Extract<TariffPeriod, { use: 'peak-hours' }>;

/** The rule read straight off the strings (what pricesAt did on every call before it compiled them). */
function referencePeakHours(period: PeakPeriod, at: Date): 'peak' | 'off-peak' | 'unknown' {
  const minutes = (hhmm: string) => Number(hhmm.split(':')[0]) * 60 + Number(hhmm.split(':')[1]);
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

function referencePeriod(periods: readonly TariffPeriod[], at: Date): TariffPeriod | undefined {
  const ms = at.getTime();
  return periods.find((p) => (p.from === undefined || ms >= Date.parse(p.from)) && (p.until === undefined || ms < Date.parse(p.until)));
}

/** Every 37 minutes from 2025-01-01 to 2027-03-01, plus each period boundary and the minute either side. */
function instants(): Date[] {
  const out: Date[] = [];
  for (let ms = Date.parse('2025-01-01T00:00:00Z'); ms < Date.parse('2027-03-01T00:00:00Z'); ms += 37 * 60_000) out.push(new Date(ms));
  for (const correction of TARIFF_CORRECTIONS) {
    for (const period of correction.periods) {
      for (const edge of [period.from, period.until]) {
        if (edge === undefined) continue;
        for (const delta of [-60_000, -1, 0, 1, 60_000]) out.push(new Date(Date.parse(edge) + delta));
      }
    }
  }
  return out;
}

describe('tariffs compiled once', () => {
  const at = instants();

  it('peakHours matches the rule on the strings at every instant, for every peak-hours period', () => {
    const periods = TARIFF_CORRECTIONS.flatMap((c) => c.periods).filter((p): p is PeakPeriod => p.use === 'peak-hours');
    expect(periods.length).toBeGreaterThan(0);
    let mismatches = 0;
    for (const period of periods) for (const t of at) if (peakHours(period, t) !== referencePeakHours(period, t)) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('pricesAt picks the period and prices the rule on the strings picks, with the same note', () => {
    let checked = 0;
    for (const correction of TARIFF_CORRECTIONS) {
      for (const t of at) {
        const result = pricesAt(correction.provider, correction.model, {}, t);
        const period = referencePeriod(correction.periods, t);
        if (period === undefined || period.use === 'unknown') {
          expect(result.ok).toBe(false);
          continue;
        }
        const note = `tariff ${correction.id} (${period.from ?? '…'} – ${period.until ?? '…'})`;
        if (period.use === 'prices') expect(result).toEqual({ ok: true, prices: period.prices, note });
        if (period.use === 'data') expect(result).toEqual({ ok: true, prices: {}, note });
        if (period.use === 'peak-hours') {
          const hours = referencePeakHours(period, t);
          if (hours === 'unknown') expect(result.ok).toBe(false);
          else expect(result).toEqual({ ok: true, prices: hours === 'peak' ? period.peak : period.offPeak, note: `${note}, ${hours} hours` });
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50_000);
  });
});
