import { describe, expect, it } from 'vitest';
import { anthropicMessages } from './anthropic-messages/api.js';
import { promptCacheBlocks } from './anthropic-messages/prompt-cache-blocks.js';
import { canonicalRequest } from './canonical-request.js';
import { gemini } from './gemini/api.js';
import { openAIChat } from './openai-chat/api.js';

const body = { model: 'gpt-4.1', temperature: 0, messages: [{ role: 'user', content: 'What is the capital of France?' }] };

describe('canonicalRequest', () => {
  it('sorts members at every depth and keeps array order', () => {
    expect(canonicalRequest(openAIChat, { b: 1, a: { d: [2, { z: 1, y: 'x' }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":"x","z":1}]},"b":1}');
  });

  it("leaves out stream, stream_options and the API's other delivery members, at the top level only", () => {
    const streamed = { ...body, stream: true, stream_options: { include_usage: true }, user: 'u-1', metadata: { a: 1 }, store: true, service_tier: 'flex' };
    expect(canonicalRequest(openAIChat, streamed)).toBe(canonicalRequest(openAIChat, body));
    // Nested members of the same name are content.
    const nested = { ...body, response_format: { type: 'json_schema', json_schema: { schema: { properties: { user: { type: 'string' } } } } } };
    expect(canonicalRequest(openAIChat, nested)).toContain('"user"');
    // Anthropic's metadata and top-level cache_control; Gemini's labels.
    expect(canonicalRequest(anthropicMessages, { ...body, metadata: { user_id: 'x' }, cache_control: { type: 'ephemeral' } })).toBe(
      canonicalRequest(anthropicMessages, body),
    );
    expect(canonicalRequest(gemini, { contents: [], labels: { team: 'a' } })).toBe('{"contents":[]}');
  });

  it('keeps every parameter that changes the answer', () => {
    for (const changed of [{ temperature: 0.7 }, { max_tokens: 10 }, { n: 2 }, { seed: 1 }, { tools: [] }, { model: 'gpt-4o' }]) {
      expect(canonicalRequest(openAIChat, { ...body, ...changed })).not.toBe(canonicalRequest(openAIChat, body));
    }
  });
});

describe('promptCacheBlocks (Anthropic)', () => {
  it('is undefined for a request without cache_control', () => {
    expect(promptCacheBlocks({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toBeUndefined();
  });

  it('lists tools, system and message blocks in prefix order, canonical, without their cache_control', () => {
    expect(
      promptCacheBlocks({
        tools: [{ name: 'search', input_schema: { type: 'object' } }],
        system: [{ type: 'text', text: 'Manual', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).toEqual({
      blocks: [
        { text: 'tool {"input_schema":{"type":"object"},"name":"search"}', breakpoint: false },
        { text: 'system {"text":"Manual","type":"text"}', breakpoint: true },
        { text: 'user "hi"', breakpoint: false },
      ],
      automatic: false,
    });
  });
});
