import { describe, expect, it } from 'vitest';
import { isDeepSeekModel, isReasoningModel, resolveModel } from './openai-models.js';

describe('resolveModel', () => {
  it.each([
    ['gpt-4.1', 'gpt-4.1-2025-04-14'],
    ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
    ['o4-mini', 'o4-mini-2025-04-16'],
    ['gpt-4o-2024-11-20', 'gpt-4o-2024-11-20'],
    ['deepseek-chat', 'deepseek-chat'],
    ['deepseek-v3.2', 'deepseek-v3.2'],
    ['toString', 'toString'],
    ['unknown-model', 'unknown-model'],
  ])('%s → %s', (requested, resolved) => {
    expect(resolveModel(requested)).toBe(resolved);
  });
});

describe('isReasoningModel', () => {
  it.each([
    ['o1', true],
    ['o3-mini', true],
    ['o4-mini-2025-04-16', true],
    ['gpt-5', true],
    ['gpt-5-mini', true],
    ['deepseek-reasoner', true],
    ['gpt-4o', false],
    ['omni-moderation-latest', false],
    ['deepseek-chat', false],
  ])('%s → %s', (model, reasoning) => {
    expect(isReasoningModel(model)).toBe(reasoning);
  });
});

describe('isDeepSeekModel', () => {
  it('matches the deepseek prefix', () => {
    expect(isDeepSeekModel('deepseek-chat')).toBe(true);
    expect(isDeepSeekModel('deepseek-v3.2')).toBe(true);
    expect(isDeepSeekModel('gpt-4o')).toBe(false);
  });
});
