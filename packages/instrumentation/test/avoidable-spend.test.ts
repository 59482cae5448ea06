/**
 * Avoidable spend end to end through the real SDKs against the fake provider (README "Avoidable spend"): repeats of a
 * scripted sequence counted exactly, split by sampling, with their billed cost; prompt-cache savings and misses with
 * hand-computed amounts; an Anthropic cache write read by a later call, and one never read; and no prompt text or
 * request digest in any span or metric exported.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Attributes } from '@opentelemetry/api';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AvoidableSpend, type RequestDigests } from '../src/record/avoidable-spend.js';
import { TTL_MS } from '../src/record/prompt-cache.js';
import { setupFakeProviders } from './fake-providers.js';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
const fakes = setupFakeProviders(telemetry);
let openai: OpenAI;
let anthropic: Anthropic;

/** Prompt text that must never leave the app. */
const SECRET = 'AVOIDABLE-PROMPT-5c1e the launch code is 0000';
/** Every span and metric the tests saw, as an exporter would get them, and every digest the instrumentation made. */
const exported: string[] = [];
const digests: RequestDigests[] = [];

beforeAll(() => {
  openai = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: fakes.openai.baseURL, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: fakes.other.url, maxRetries: 0 });
});
beforeEach(() => {
  const digest = AvoidableSpend.prototype.digest;
  vi.spyOn(AvoidableSpend.prototype, 'digest').mockImplementation(function (this: AvoidableSpend, ...args) {
    const result = digest.apply(this, args);
    if (result) digests.push(result);
    return result;
  });
});
afterAll(() => vi.useRealTimers());

function avoidable(): AvoidableSpend {
  return telemetry.instrumentation.runtime().avoidableSpend!;
}

async function collect(): Promise<Map<string, MetricData>> {
  const metrics = await telemetry.collectMetrics();
  exported.push(JSON.stringify([...metrics.values()]), JSON.stringify(telemetry.allSpans().map(exportedSpan)));
  return metrics;
}

function exportedSpan(span: ReadableSpan): unknown {
  return {
    name: span.name,
    context: span.spanContext(),
    parent: span.parentSpanContext,
    attributes: span.attributes,
    events: span.events,
    links: span.links,
    status: span.status,
    resource: span.resource.attributes,
  };
}

/** The sum of a counter's points whose attributes include `where`. */
function sum(metric: MetricData | undefined, where: Attributes = {}): number {
  return points(metric)
    .filter((point) => Object.entries(where).every(([key, value]) => point.attributes[key] === value))
    .reduce((total, point) => total + (point.value as number), 0);
}

const costOf = (span: ReadableSpan | undefined) => span?.attributes['gen_ai.usage.cost.amount'] as number;

describe('repeats', () => {
  it('counts the repeats of a scripted sequence exactly, fixed and varied sampling apart, with their cost', async () => {
    const messages = (text: string) => [{ role: 'user' as const, content: `${SECRET} ${text}` }];
    const A = { model: 'gpt-4.1', temperature: 0, messages: messages('A') };
    const calls: Array<{ body: Record<string, unknown>; headers?: Record<string, string>; repeat?: 'fixed' | 'varied' }> = [
      { body: A },
      { body: A, repeat: 'fixed' },
      { body: { ...A, stream: true }, repeat: 'fixed' }, // stream is delivery, not content
      { body: { ...A, user: 'end-user-7' }, repeat: 'fixed' }, // so is the end-user id
      { body: { ...A, messages: messages('B') } },
      { body: { ...A, temperature: 0.7 } }, // another body
      { body: { ...A, temperature: 0.7 }, repeat: 'varied' },
      { body: { model: 'gpt-4.1', messages: messages('C') } }, // no temperature: the default 1 samples
      { body: { model: 'gpt-4.1', messages: messages('C') }, repeat: 'varied' },
      { body: { ...A, model: 'gpt-4o' } }, // another model
      { body: A, headers: { 'x-fake-fault': '429;retry-after=0' } }, // failed: not an answer, not counted
      { body: { ...A, temperature: 1, seed: 7 } },
      { body: { ...A, temperature: 1, seed: 7 }, repeat: 'fixed' }, // a seed asks for a reproducible answer
      { body: { ...A, n: 2 } },
      { body: { ...A, n: 2 }, repeat: 'varied' }, // several choices: varied
    ];
    for (const call of calls) {
      const options = call.headers ? { headers: call.headers } : {};
      try {
        if (call.body['stream'] === true) {
          for await (const _chunk of await openai.chat.completions.create(
            { ...(call.body as unknown as OpenAI.ChatCompletionCreateParamsStreaming) },
            options,
          )) {
            // consume
          }
        } else {
          await openai.chat.completions.create(call.body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, options);
        }
      } catch {
        // the 429
      }
    }
    const spans = await telemetry.waitForSpans(calls.length);
    expect(spans.filter((span) => span.attributes['error.type'] === 'rate_limited')).toHaveLength(1);
    const metrics = await collect();
    const repeats = metrics.get('genai_otel.repeats');
    expect(repeats?.descriptor).toMatchObject({ unit: '{call}' });
    expect(sum(repeats, { 'genai_otel.request.sampling': 'fixed' })).toBe(4);
    expect(sum(repeats, { 'genai_otel.request.sampling': 'varied' })).toBe(3);
    expect(points(repeats).map((point) => point.attributes)).toContainEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'server.address': '127.0.0.1',
      'server.port': fakes.openai.port,
      'genai_otel.request.sampling': 'fixed',
    });
    // Their cost: the billed cost on the repeated calls' spans, summed.
    const expectedCost = (kind: 'fixed' | 'varied') => calls.reduce((total, call, index) => (call.repeat === kind ? total + costOf(spans[index]) : total), 0);
    const repeatCost = metrics.get('genai_otel.repeat.cost');
    expect(repeatCost?.descriptor).toMatchObject({ unit: 'USD' });
    expect(expectedCost('fixed')).toBeGreaterThan(0);
    expect(sum(repeatCost, { 'genai_otel.request.sampling': 'fixed' })).toBeCloseTo(expectedCost('fixed'), 15);
    expect(sum(repeatCost, { 'genai_otel.request.sampling': 'varied' })).toBeCloseTo(expectedCost('varied'), 15);
  });
});

describe('prompt caching', () => {
  it('records the savings of a cache hit and the miss of a long prompt that read nothing', async () => {
    // gpt-4o-mini: 1,536 of 2,048 prompt tokens read from the cache: 1,536 × (0.15 − 0.075) / 10⁶ = 0.0001152 saved.
    await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${SECRET} hit` }] },
      { headers: { 'x-fake-usage': 'prompt=2048,completion=40,cached=1536' } },
    );
    // gpt-4.1: 3,000 prompt tokens, none cached: 2,944 cacheable × (2.00 − 0.50) / 10⁶ = 0.004416 the miss cost.
    await openai.chat.completions.create(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: `${SECRET} miss` }] },
      { headers: { 'x-fake-usage': 'prompt=3000,completion=50,cached=0' } },
    );
    // gpt-4.1: 900 prompt tokens, below the 1,024 minimum: neither.
    await openai.chat.completions.create(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: `${SECRET} short` }] },
      { headers: { 'x-fake-usage': 'prompt=900,completion=50' } },
    );
    await telemetry.waitForSpans(3);
    const metrics = await collect();
    expect(metrics.get('genai_otel.prompt_cache.savings')?.descriptor).toMatchObject({ unit: 'USD' });
    expect(sum(metrics.get('genai_otel.prompt_cache.savings'), { 'gen_ai.request.model': 'gpt-4o-mini' })).toBeCloseTo(0.0001152, 15);
    expect(sum(metrics.get('genai_otel.prompt_cache.savings'))).toBeCloseTo(0.0001152, 15);
    expect(sum(metrics.get('genai_otel.prompt_cache.misses'), { 'gen_ai.request.model': 'gpt-4.1' })).toBe(1);
    expect(sum(metrics.get('genai_otel.prompt_cache.misses'))).toBe(1);
    expect(sum(metrics.get('genai_otel.prompt_cache.miss.cost'))).toBeCloseTo(0.004416, 15);
  });

  it('forgets an Anthropic cache write a later call read, and counts one never read once its TTL ran out', async () => {
    const MANUAL = `${SECRET} the support manual …`;
    const request = (system: string, question: string) => ({
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      system: [{ type: 'text' as const, text: system, cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: question }],
    });
    // Writes the manual (3,000 tokens, 5-minute TTL), then a second question reads it.
    await anthropic.messages.create(request(MANUAL, 'first question'), { headers: { 'x-fake-usage': 'input=100,output=20,cache_write_5m=3000' } });
    expect(avoidable().pendingWrites.size).toBe(1);
    await anthropic.messages.create(request(MANUAL, 'second question'), { headers: { 'x-fake-usage': 'input=100,output=20,cache_read=3000' } });
    expect(avoidable().pendingWrites.size).toBe(0);
    // Another manual, written and never read.
    await anthropic.messages.create(request(`${MANUAL} v2`, 'first question'), { headers: { 'x-fake-usage': 'input=100,output=20,cache_write_5m=3000' } });
    expect(avoidable().pendingWrites.size).toBe(1);
    await telemetry.waitForSpans(3);
    let metrics = await collect();
    // The read: 3,000 × (3.00 − 0.30) / 10⁶ = 0.0081 saved.
    expect(sum(metrics.get('genai_otel.prompt_cache.savings'))).toBeCloseTo(0.0081, 15);
    expect(metrics.has('genai_otel.prompt_cache.unread_writes')).toBe(false);
    // Five minutes later the second write has not been read: its premium, 3,000 × (3.75 − 3.00) / 10⁶ = 0.00225, bought nothing.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + TTL_MS['5m'] + 1000 });
    avoidable().sweep();
    vi.useRealTimers();
    metrics = await collect();
    const where = { 'gen_ai.request.model': 'claude-sonnet-4-6', 'genai_otel.prompt_cache.ttl': '5m' };
    expect(sum(metrics.get('genai_otel.prompt_cache.unread_writes'), where)).toBe(1);
    expect(sum(metrics.get('genai_otel.prompt_cache.unread_write.cost'), where)).toBeCloseTo(0.00225, 15);
    expect(metrics.get('genai_otel.prompt_cache.unread_write.cost')?.descriptor).toMatchObject({ unit: 'USD' });
    expect(avoidable().pendingWrites.size).toBe(0);
  });
});

describe('privacy', () => {
  it('exports no prompt text and no request digest, in any form, in any span or metric', async () => {
    const all = exported.join('\n');
    expect(all).toContain('genai_otel.repeats');
    expect(all).toContain('gen_ai.usage.input_tokens');
    expect(all).not.toContain('AVOIDABLE-PROMPT');
    expect(all).not.toContain('launch code');
    expect(digests.length).toBeGreaterThan(15);
    const forms = new Set<string>();
    for (const { fingerprint, prefixes } of digests) {
      if (fingerprint) {
        const bytes = Buffer.alloc(12);
        bytes.writeUInt32BE(fingerprint.bucket >>> 0, 0);
        bytes.writeUInt32BE(fingerprint.tagHi >>> 0, 4);
        bytes.writeUInt32BE(fingerprint.tagLo >>> 0, 8);
        forms.add(bytes.toString('hex'));
        forms.add(bytes.subarray(4).toString('hex'));
        forms.add(bytes.toString('base64'));
        forms.add(bytes.subarray(4).toString('base64'));
        forms.add(bytes.readBigUInt64BE(4).toString());
        for (const word of [fingerprint.bucket, fingerprint.tagHi, fingerprint.tagLo]) {
          forms.add(String(word >>> 0));
          forms.add((word >>> 0).toString(16).padStart(8, '0'));
        }
      }
      for (const prefix of [...(prefixes?.boundaries ?? []), prefixes?.lastBreakpoint ?? '']) {
        if (!prefix) continue;
        forms.add(prefix);
        forms.add(Buffer.from(prefix, 'hex').toString('base64'));
        forms.add(BigInt(`0x${prefix}`).toString());
      }
    }
    expect(forms.size).toBeGreaterThan(100);
    const lower = all.toLowerCase();
    expect([...forms].filter((form) => lower.includes(form.toLowerCase()) && all.includes(form))).toEqual([]);
  });
});
