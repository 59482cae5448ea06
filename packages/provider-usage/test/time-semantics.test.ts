// Buckets are never counted twice (overlapping polls, restarts with the state file), a correction
// replaces a bucket's value, counters never go down, old buckets settle.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateFileError, UsagePoller, type UsagePollerOptions } from '../src/index.js';
import { testMeter, type TestMeter } from './helpers/metrics.js';
import { INPUT_KEY, scriptedOpenAI, type ScriptedProvider } from './helpers/scripted-fetch.js';

const HOUR = 3600;
const T0 = Date.UTC(2026, 0, 10, 12, 30) / 1000;
const H10 = Date.UTC(2026, 0, 10, 10) / 1000;
const H11 = H10 + HOUR;
const H12 = H11 + HOUR;

let dir: string;
let meters: TestMeter[] = [];
let now: number;
let provider: ScriptedProvider;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'provider-usage-'));
  now = T0;
  provider = scriptedOpenAI();
});
afterEach(async () => {
  await Promise.all(meters.map((meter) => meter.shutdown()));
  meters = [];
  rmSync(dir, { recursive: true, force: true });
});

/** A poller (as after a process start) on the scripted provider, reading and writing `stateFile`. */
function startPoller(stateFile: string | undefined, extra: Partial<UsagePollerOptions> = {}): { poller: UsagePoller; meter: TestMeter } {
  const meter = testMeter();
  meters.push(meter);
  const poller = new UsagePoller({
    openai: { adminKey: 'sk-admin-test', baseURL: 'https://api.openai.test/v1', endpoints: ['completions'] },
    ...(stateFile === undefined ? {} : { stateFile }),
    meter: meter.meter,
    clock: () => now * 1000,
    sleep: async () => {},
    fetch: provider.fetch,
    log: () => {},
    ...extra,
  });
  return { poller, meter };
}

async function inputTokens(meter: TestMeter): Promise<number | undefined> {
  return (await meter.collect()).points.get(INPUT_KEY);
}

describe('bucket de-duplication', () => {
  it('counts a bucket once however often it is re-read', async () => {
    provider.completions.set(H10, 100).set(H11, 200);
    const { poller, meter } = startPoller(undefined);
    await poller.pollOnce();
    await poller.pollOnce();
    now += 300;
    await poller.pollOnce();
    expect(await inputTokens(meter)).toBe(300);
  });

  it('resumes from the state file after a restart: the re-read window is not counted again', async () => {
    const stateFile = join(dir, 'state', 'usage.json');
    provider.completions.set(H10, 100).set(H11, 200);
    const first = startPoller(stateFile);
    await first.poller.pollOnce();
    expect(await inputTokens(first.meter)).toBe(300);
    await first.poller.close();

    // The process restarts: before its first poll it reports what the state file holds.
    now += 600;
    const second = startPoller(stateFile);
    expect(await inputTokens(second.meter)).toBe(300);
    // Its first poll re-reads the same buckets, plus a new one.
    provider.completions.set(H12, 50);
    await second.poller.pollOnce();
    expect(await inputTokens(second.meter)).toBe(350);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('without a state file a restart starts over (documented: keep the file on a volume)', async () => {
    provider.completions.set(H10, 100);
    const first = startPoller(undefined);
    await first.poller.pollOnce();
    const second = startPoller(undefined);
    expect(await inputTokens(second.meter)).toBeUndefined();
  });
});

describe('late corrections', () => {
  it('replaces a bucket with its corrected value', async () => {
    provider.completions.set(H10, 100).set(H11, 200);
    const { poller, meter } = startPoller(join(dir, 'state.json'));
    await poller.pollOnce();
    // the provider adds late usage to 10:00 and the current hour fills up
    provider.completions.set(H10, 130).set(H11, 260);
    now += 300;
    await poller.pollOnce();
    expect(await inputTokens(meter)).toBe(390);
  });

  it('never lowers a counter: a downward correction holds it until the total catches up', async () => {
    provider.completions.set(H10, 100).set(H11, 200);
    const { poller, meter } = startPoller(undefined);
    await poller.pollOnce();
    provider.completions.set(H10, 40); // corrected down by 60
    await poller.pollOnce();
    expect(await inputTokens(meter)).toBe(300);
    provider.completions.set(H12, 50); // true total 290: still held
    await poller.pollOnce();
    expect(await inputTokens(meter)).toBe(300);
    provider.completions.set(H12, 100); // true total 340
    await poller.pollOnce();
    expect(await inputTokens(meter)).toBe(340);
  });

  it('settles buckets that leave the look-back window: still counted, no longer re-read', async () => {
    provider.completions.set(H10, 100).set(H11, 200);
    const stateFile = join(dir, 'state.json');
    const { poller, meter } = startPoller(stateFile, { lookbackSeconds: 86_400 });
    await poller.pollOnce();
    now += 2 * 86_400; // two days later: both buckets are older than the window
    provider.completions.set(H12 + 2 * 86_400, 7);
    await poller.pollOnce();
    expect(await inputTokens(meter)).toBe(307);
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { sources: Record<string, { buckets: object; settled: object }> };
    expect(Object.keys(state.sources['openai.completions']!.buckets)).toEqual([String(H12 + 2 * 86_400)]);
    const start = Number(provider.asked.findLast((url) => url.pathname.endsWith('/completions'))!.searchParams.get('start_time'));
    expect(start).toBe(Math.floor((now - 86_400) / HOUR) * HOUR);
  });
});

describe('state file', () => {
  it('refuses a state file it cannot read, rather than restarting the counters from zero', () => {
    const stateFile = join(dir, 'state.json');
    writeFileSync(stateFile, '{"version": 1, "sources": ');
    expect(() => startPoller(stateFile)).toThrow(StateFileError);
    expect(() => startPoller(stateFile)).toThrow(/state\.json: not JSON/);
    writeFileSync(stateFile, '{"version": 2}');
    expect(() => startPoller(stateFile)).toThrow(/not a version 1 genai-otel usage state/);
  });
});
