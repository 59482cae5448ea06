// Pure tests of the response builders; the golden wire fixtures are checked over HTTP in
// ../handlers/openai-chat.test.ts.
import { describe, expect, it } from 'vitest';
import type { TokenPlan } from '../tokens.js';
import {
  buildOpenAIChatCompletion,
  buildOpenAIChatUsage,
  openAIChatStreamEventCount,
  openAIChatStreamEvents,
  planOpenAIChatResponse,
  responseServiceTier,
  type OpenAIChatResponsePlan,
} from './openai-chat.js';
import { parseOpenAIChatRequest, type OpenAIChatRequest } from './openai-chat-request.js';

const tokens: TokenPlan = { prompt: 1200, cached: 1152, completion: 10, reasoning: 4, choices: [] };

function request(body: Record<string, unknown>): OpenAIChatRequest {
  const result = parseOpenAIChatRequest(JSON.stringify(body));
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

const plan: OpenAIChatResponsePlan = {
  id: 'chatcmpl-test',
  created: 1,
  model: 'gpt-4o-2024-08-06',
  serviceTier: 'default',
  systemFingerprint: 'fp_test',
  choices: [
    { index: 0, tokens: ['Hi', ' there'], finishReason: 'stop' },
    { index: 1, tokens: ['Yo'], finishReason: 'length' },
  ],
  usage: buildOpenAIChatUsage({ ...tokens, cached: 0 }, 'gpt-4o'),
  obfuscation: { target: 7, pool: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-+' },
};

describe('buildOpenAIChatUsage', () => {
  it('keeps OpenAI key order and adds DeepSeek cache fields for deepseek models only', () => {
    expect(Object.keys(buildOpenAIChatUsage(tokens, 'gpt-4o'))).toEqual([
      'prompt_tokens',
      'completion_tokens',
      'total_tokens',
      'prompt_tokens_details',
      'completion_tokens_details',
    ]);
    expect(buildOpenAIChatUsage(tokens, 'deepseek-chat')).toMatchObject({
      total_tokens: 1210,
      prompt_tokens_details: { cached_tokens: 1152 },
      completion_tokens_details: { reasoning_tokens: 4 },
      prompt_cache_hit_tokens: 1152,
      prompt_cache_miss_tokens: 48,
    });
  });
});

describe('responseServiceTier', () => {
  it.each([
    [undefined, 'default'],
    ['auto', 'default'],
    ['default', 'default'],
    ['flex', 'flex'],
    ['scale', 'scale'],
    ['priority', 'priority'],
    ['fast', 'priority'],
  ])('%s → %s', (requested, served) => {
    expect(responseServiceTier(requested)).toBe(served);
  });
});

describe('buildOpenAIChatCompletion', () => {
  it('writes one choice per index with the joined tokens as content', () => {
    const body = JSON.parse(buildOpenAIChatCompletion(plan));
    const message = (content: string): Record<string, unknown> => ({
      role: 'assistant',
      content,
      refusal: null,
      annotations: [],
    });
    expect(body.choices).toEqual([
      { index: 0, message: message('Hi there'), logprobs: null, finish_reason: 'stop' },
      { index: 1, message: message('Yo'), logprobs: null, finish_reason: 'length' },
    ]);
    expect(Object.keys(body)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage', 'service_tier', 'system_fingerprint']);
  });
});

describe('openAIChatStreamEvents', () => {
  const all = { includeUsage: true, includeObfuscation: true };

  it('streams role, tokens and finish per choice, then usage (if asked) and [DONE]', () => {
    const events = [...openAIChatStreamEvents(plan, all)].map((event) => event.data);
    expect(events).toHaveLength(openAIChatStreamEventCount(plan, true));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data));
    expect(chunks.map((chunk) => [chunk.choices[0]?.index, chunk.choices[0]?.delta, chunk.choices[0]?.finish_reason])).toEqual([
      [0, { role: 'assistant', content: '', refusal: null }, null],
      [0, { content: 'Hi' }, null],
      [0, { content: ' there' }, null],
      [0, {}, 'stop'],
      [1, { role: 'assistant', content: '', refusal: null }, null],
      [1, { content: 'Yo' }, null],
      [1, {}, 'length'],
      [undefined, undefined, undefined],
    ]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: plan.usage });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('ends every chunk with usage (if asked), then obfuscation, in the API member order', () => {
    const chunks = [...openAIChatStreamEvents(plan, all)].slice(0, -1).map((event) => JSON.parse(event.data));
    for (const chunk of chunks) {
      expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'service_tier', 'system_fingerprint', 'choices', 'usage', 'obfuscation']);
    }
    // A content delta and its obfuscation make the stream's target length (7 here).
    expect(chunks.map((chunk) => (chunk.choices[0]?.delta.content ?? '').length + chunk.obfuscation.length)).toEqual([
      5,
      7,
      7,
      1,
      5,
      7,
      1,
      chunks.at(-1).obfuscation.length,
    ]);
    expect(chunks.every((chunk) => /^[0-9A-Za-z+-]+$/.test(chunk.obfuscation))).toBe(true);
  });

  it('omits obfuscation with include_obfuscation: false, and usage entirely without include_usage', () => {
    const plain = [...openAIChatStreamEvents(plan, { includeUsage: false, includeObfuscation: false })].map((event) => event.data);
    expect(plain).toHaveLength(openAIChatStreamEventCount(plan, false));
    expect(plain.some((data) => data.includes('usage') || data.includes('obfuscation'))).toBe(false);
    const padded = [...openAIChatStreamEvents(plan, { includeUsage: false, includeObfuscation: true })].map((event) => event.data);
    expect(padded.slice(0, -1).map((data) => data.replace(/,"obfuscation":"[0-9A-Za-z+-]+"\}$/, '}'))).toEqual(plain.slice(0, -1));
  });
});

describe('planOpenAIChatResponse', () => {
  it('is deterministic in the request and the clock', () => {
    const chat = request({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    const first = planOpenAIChatResponse(chat, {}, 1_700_000_000_999);
    expect(first).toEqual(planOpenAIChatResponse(chat, {}, 1_700_000_000_000));
    expect(first).toMatchObject({
      ok: true,
      plan: { created: 1_700_000_000, model: 'gpt-4o-2024-08-06', serviceTier: 'default' },
    });
    expect(first.ok && first.plan.id).toMatch(/^chatcmpl-[0-9A-Za-z]{29}$/);
  });

  it('passes token-plan errors through', () => {
    const chat = request({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(planOpenAIChatResponse(chat, { cached: 100 }, 0)).toEqual({
      ok: false,
      message: 'x-fake-usage: cached (100) must not exceed prompt (7).',
    });
  });
});
