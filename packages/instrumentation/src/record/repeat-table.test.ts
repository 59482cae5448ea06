import { canonicalRequest, openAIChat } from '@genai-otel/providers';
import { describe, expect, it } from 'vitest';
import { RequestFingerprinter, type RequestFingerprint } from '../capture/request-fingerprint.js';
import { PendingCacheWrites } from './prompt-cache.js';
import { REPEAT_TABLE_SLOT_BYTES, RepeatTable } from './repeat-table.js';

const fingerprinter = new RequestFingerprinter();
const IDENTITY = { api: 'openai.chat', provider: 'openai', model: 'gpt-4.1' };
const request = (question: string): RequestFingerprint =>
  fingerprinter.fingerprint(IDENTITY, canonicalRequest(openAIChat, { model: 'gpt-4.1', temperature: 0, messages: [{ role: 'user', content: question }] }));

describe('RepeatTable', () => {
  it('counts the repeats of a scripted sequence exactly, within the window', () => {
    let now = 1_000_000;
    const table = new RepeatTable({ capacity: 64, windowSeconds: 60, now: () => now });
    const sequence: Array<[string, number]> = [
      // [request, seconds later]
      ['A', 0],
      ['A', 1], // repeat 1
      ['B', 1],
      ['A', 10], // repeat 2
      ['C', 5],
      ['B', 30], // repeat 3 (B stored 46 s ago)
      ['A', 45], // A stored 91 s ago: past the window, stored again, not a repeat
      ['A', 59], // repeat 4 (59 s after the new store)
      ['C', 0], // C stored 149 s ago: not a repeat
      ['D', 0],
      ['D', 0], // repeat 5
    ];
    const repeats: string[] = [];
    for (const [name, later] of sequence) {
      now += later * 1000;
      if (table.seen(request(name), true)) repeats.push(name);
    }
    expect(repeats).toEqual(['A', 'A', 'B', 'A', 'D']);
  });

  it('only remembers what it was told to store (a failed call is never stored)', () => {
    const table = new RepeatTable({ capacity: 16, windowSeconds: 60 });
    expect(table.seen(request('E'), false)).toBe(false);
    expect(table.seen(request('E'), false)).toBe(false);
    expect(table.seen(request('E'), true)).toBe(false);
    expect(table.seen(request('E'), false)).toBe(true);
  });

  it('stays at its fixed size under 1,000,000 distinct requests, and takes none of them for a repeat', () => {
    const table = new RepeatTable({ capacity: 32_768, windowSeconds: 3600 });
    expect(table.capacity).toBe(32_768);
    const bytes = table.byteLength;
    expect(bytes).toBe(32_768 * REPEAT_TABLE_SLOT_BYTES); // 393,216 bytes = 384 KiB
    const members = Object.keys(table).sort();
    let falsePositives = 0;
    for (let i = 0; i < 1_000_000; i++) {
      if (table.seen(request(`distinct question ${i}`), true)) falsePositives += 1;
    }
    // The structure: same arrays, same byte length, same members; never more live entries than slots.
    expect(table.byteLength).toBe(bytes);
    expect(Object.keys(table).sort()).toEqual(members);
    expect(table.size).toBe(32_768);
    // False-positive bound: ≤ 4 × 2⁻⁶⁴ per lookup, so ~2 × 10⁻¹³ expected here.
    expect(falsePositives).toBe(0);
    // The latest requests are remembered (the oldest were replaced in their buckets).
    expect(table.seen(request('distinct question 999999'), false)).toBe(true);
  }, 120_000);
});

describe('PendingCacheWrites', () => {
  it('stays bounded under 1,000,000 distinct writes: at most its capacity per TTL', () => {
    const pending = new PendingCacheWrites<object>(4096);
    for (let i = 0; i < 1_000_000; i++) pending.add(`prefix-${i}`, { ttl: i % 2 === 0 ? '5m' : '1h', tokens: 1, premium: 1e-6 }, {}, 0);
    expect(pending.size).toBe(2 * 4096);
  });
});
