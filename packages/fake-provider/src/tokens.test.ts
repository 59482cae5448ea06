import { describe, expect, it } from 'vitest';
import { cachedTokensFor, countPromptTokens, messageChars, naturalCompletionTokens, planTokens, type TokenPlanInput } from './tokens.js';

describe('countPromptTokens', () => {
  it('adds 3 + ceil(chars / 4) per message, plus 3', () => {
    expect(countPromptTokens([])).toBe(3);
    expect(countPromptTokens([{ role: 'user', content: '' }])).toBe(6);
    expect(countPromptTokens([{ role: 'user', content: 'abcd' }])).toBe(7);
    expect(countPromptTokens([{ role: 'user', content: 'abcde' }])).toBe(8);
    expect(
      countPromptTokens([
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello.' },
      ]),
    ).toBe(16);
  });

  it('counts text parts by their text and other parts and tool calls by their JSON length', () => {
    expect(
      messageChars({
        role: 'user',
        content: [
          { type: 'text', text: 'hello' },
          { type: 'text', text: '!' },
        ],
      }),
    ).toBe(6);
    const image = { type: 'image_url', image_url: { url: 'https://x' } };
    expect(messageChars({ role: 'user', content: [image] })).toBe(JSON.stringify(image).length);
    const toolCalls = [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }];
    expect(messageChars({ role: 'assistant', content: null, tool_calls: toolCalls })).toBe(JSON.stringify(toolCalls).length);
  });
});

describe('cachedTokensFor', () => {
  it('is 0 below 1024 tokens and the largest multiple of 128 not above the prompt from there', () => {
    expect(cachedTokensFor(1023)).toBe(0);
    expect(cachedTokensFor(1024)).toBe(1024);
    expect(cachedTokensFor(1151)).toBe(1024);
    expect(cachedTokensFor(1200)).toBe(1152);
    expect(cachedTokensFor(5000)).toBe(4992);
  });
});

describe('naturalCompletionTokens', () => {
  it('stays within 8..16', () => {
    const lengths = Array.from({ length: 100 }, (_, seed) => naturalCompletionTokens(seed));
    expect(Math.min(...lengths)).toBe(8);
    expect(Math.max(...lengths)).toBe(16);
  });
});

describe('planTokens', () => {
  const input = (overrides: Partial<TokenPlanInput> = {}): TokenPlanInput => ({
    promptTokens: 20,
    naturalCompletionTokens: [12],
    maxCompletionTokens: undefined,
    reasoningModel: false,
    override: {},
    ...overrides,
  });

  it('uses the natural length when nothing limits it', () => {
    expect(planTokens(input())).toEqual({
      ok: true,
      plan: {
        prompt: 20,
        cached: 0,
        completion: 12,
        reasoning: 0,
        choices: [{ completion: 12, reasoning: 0, visible: 12, finishReason: 'stop' }],
      },
    });
  });

  it("finishes with 'length' only when the caller's limit cuts the reply", () => {
    const capped = planTokens(input({ maxCompletionTokens: 5 }));
    expect(capped.ok && capped.plan.choices).toEqual([{ completion: 5, reasoning: 0, visible: 5, finishReason: 'length' }]);
    const roomy = planTokens(input({ maxCompletionTokens: 12 }));
    expect(roomy.ok && roomy.plan.choices[0]?.finishReason).toBe('stop');
  });

  it('gives reasoning models half of the completion as reasoning, inside completion_tokens', () => {
    const plan = planTokens(input({ reasoningModel: true, naturalCompletionTokens: [11, 8] }));
    expect(plan).toMatchObject({ ok: true, plan: { completion: 19, reasoning: 9 } });
    expect(plan.ok && plan.plan.choices.map((choice) => choice.visible)).toEqual([6, 4]);
  });

  it('applies overrides as response totals spread over the choices', () => {
    const plan = planTokens(input({ naturalCompletionTokens: [9, 9, 9], override: { prompt: 1200, completion: 40, cached: 1024, reasoning: 16 } }));
    expect(plan).toMatchObject({ ok: true, plan: { prompt: 1200, cached: 1024, completion: 40, reasoning: 16 } });
    expect(plan.ok && plan.plan.choices.map(({ completion, reasoning }) => [completion, reasoning])).toEqual([
      [14, 6],
      [13, 5],
      [13, 5],
    ]);
  });

  it('derives cached tokens from an overridden prompt and streams at least one token', () => {
    const plan = planTokens(input({ override: { prompt: 2000, completion: 4, reasoning: 4 } }));
    expect(plan).toMatchObject({ ok: true, plan: { cached: 1920, choices: [{ completion: 4, reasoning: 4, visible: 1 }] } });
  });

  it('rejects cached > prompt and reasoning > completion', () => {
    expect(planTokens(input({ override: { cached: 21 } }))).toEqual({
      ok: false,
      message: 'x-fake-usage: cached (21) must not exceed prompt (20).',
    });
    expect(planTokens(input({ override: { reasoning: 13 } }))).toEqual({
      ok: false,
      message: 'x-fake-usage: reasoning (13) must not exceed completion (12).',
    });
  });
});
