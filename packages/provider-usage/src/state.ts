// The poller's memory of what the providers reported, and what it exported.
//
// Time semantics. A provider report is a list of time buckets; the same bucket comes back on every
// poll while it is inside the re-read window (overlapping polls, restarts), and its numbers may grow
// or be corrected later (the current bucket fills up; late usage and billing corrections land in past
// buckets). So the state keeps, per report and bucket, the LATEST value of every series, and a poll
// REPLACES the buckets it read rather than adding to them: a bucket is never counted twice, and a
// correction changes the total by its difference. Buckets older than the window are folded into a
// settled sum (they are not read again). A counter's value is
//
//   settled + Σ latest bucket values          (over every report feeding the series)
//
// clamped so that it never decreases (a counter that went down would look like a reset to
// Prometheus and be counted again): a downward correction holds the counter until the total
// catches up. Everything is written to the state file after each poll, so a restart resumes the
// counters where they were and re-reads the window without double counting.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReportBucket, SampleMetric } from './types.js';

/** A state file that cannot be read: never silently restarted from zero (counters would be counted twice). */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

interface SourceState {
  /** Bucket start (Unix seconds) → series key → latest value, for buckets not yet settled. */
  buckets: Record<string, Record<string, number>>;
  /** Series key → Σ of the buckets that left the re-read window. */
  settled: Record<string, number>;
  /** Unix seconds of the last complete read. */
  lastSuccess?: number;
}

interface StateData {
  version: 1;
  sources: Record<string, SourceState>;
  /** Series key → the value exported (the monotonic counter). */
  exported: Record<string, number>;
}

/** One exported counter value. */
export interface SeriesTotal {
  metric: SampleMetric;
  attributes: Record<string, string>;
  value: number;
}

/** Key of a series: the metric and its sorted attributes. */
export function seriesKey(metric: SampleMetric, attributes: Readonly<Record<string, string>>): string {
  return JSON.stringify([metric, Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

function parseSeriesKey(key: string): { metric: SampleMetric; attributes: Record<string, string> } {
  const [metric, entries] = JSON.parse(key) as [SampleMetric, Array<[string, string]>];
  return { metric, attributes: Object.fromEntries(entries) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isNumberMap = (value: unknown): value is Record<string, number> =>
  isRecord(value) && Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));

function validate(data: unknown, path: string): StateData {
  const bad = (what: string): never => {
    throw new StateFileError(
      `state file ${path}: ${what}. Fix or move the file away (the counters then restart from the provider's re-read window, which Prometheus counts as new spend).`,
    );
  };
  if (!isRecord(data) || data['version'] !== 1) return bad('not a version 1 genai-otel usage state');
  if (!isRecord(data['sources'])) return bad('no "sources" object');
  if (!isNumberMap(data['exported'])) return bad('"exported" is not a map of numbers');
  for (const [id, source] of Object.entries(data['sources'])) {
    if (!isRecord(source) || !isNumberMap(source['settled']) || !isRecord(source['buckets'])) return bad(`source ${id} is malformed`);
    for (const bucket of Object.values(source['buckets'])) if (!isNumberMap(bucket)) return bad(`a bucket of source ${id} is malformed`);
  }
  return data as unknown as StateData;
}

/** The buckets and totals of every report, loaded from and saved to an optional state file. */
export class UsageState {
  private readonly data: StateData;

  private constructor(
    data: StateData,
    /** Where the state is saved; `undefined`: memory only. */
    readonly path: string | undefined,
  ) {
    this.data = data;
  }

  /** The state in `path` (empty when the file does not exist yet), or an in-memory state. */
  static load(path?: string): UsageState {
    const empty: StateData = { version: 1, sources: {}, exported: {} };
    if (path === undefined) return new UsageState(empty, undefined);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new UsageState(empty, path);
      throw new StateFileError(`state file ${path}: cannot read it (${(error as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new StateFileError(`state file ${path}: not JSON (${(error as Error).message}). Fix or move the file away.`);
    }
    return new UsageState(validate(parsed, path), path);
  }

  private source(id: string): SourceState {
    this.data.sources[id] ??= { buckets: {}, settled: {} };
    return this.data.sources[id];
  }

  /**
   * Records a complete read of report `sourceId` from `windowStart` on: each bucket read replaces what
   * was known of it; buckets before `windowStart` are settled; the exported totals are raised to the
   * new sums (never lowered).
   */
  apply(sourceId: string, windowStart: number, buckets: readonly ReportBucket[], nowSeconds: number): void {
    const source = this.source(sourceId);
    for (const bucket of buckets) {
      if (bucket.start < windowStart) continue;
      const cells: Record<string, number> = {};
      for (const sample of bucket.samples) {
        const key = seriesKey(sample.metric, sample.attributes);
        cells[key] = (cells[key] ?? 0) + sample.value;
      }
      source.buckets[String(bucket.start)] = cells;
    }
    for (const [start, cells] of Object.entries(source.buckets)) {
      if (Number(start) >= windowStart) continue;
      for (const [key, value] of Object.entries(cells)) source.settled[key] = (source.settled[key] ?? 0) + value;
      delete source.buckets[start];
    }
    source.lastSuccess = nowSeconds;
    for (const [key, value] of this.rawTotals()) {
      const exported = this.data.exported[key];
      if (exported === undefined || value > exported) this.data.exported[key] = value;
    }
  }

  /** settled + Σ latest bucket values, per series, over every report. */
  private rawTotals(): Map<string, number> {
    const totals = new Map<string, number>();
    const add = (key: string, value: number): void => {
      totals.set(key, (totals.get(key) ?? 0) + value);
    };
    for (const source of Object.values(this.data.sources)) {
      for (const [key, value] of Object.entries(source.settled)) add(key, value);
      for (const cells of Object.values(source.buckets)) for (const [key, value] of Object.entries(cells)) add(key, value);
    }
    return totals;
  }

  /** The exported value of every series (monotonic counters). */
  totals(): SeriesTotal[] {
    return Object.entries(this.data.exported).map(([key, value]) => ({ ...parseSeriesKey(key), value }));
  }

  /** Unix seconds of the last complete read of a report, if any. */
  lastSuccess(sourceId: string): number | undefined {
    return this.data.sources[sourceId]?.lastSuccess;
  }

  /** The reports with a complete read. */
  sourceIds(): string[] {
    return Object.keys(this.data.sources);
  }

  /** Writes the state file (atomically: a temporary file renamed over it). No-op without a path. */
  save(): void {
    if (this.path === undefined) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.data)}\n`);
    renameSync(temporary, this.path);
  }
}
