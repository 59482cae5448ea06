import { describe, expect, it } from 'vitest';
import { requestSampling, resolveAvoidableSpend } from './avoidable-spend.js';

describe('resolveAvoidableSpend', () => {
  it('is on by default: a 1-hour window, 32,768 remembered requests (384 KiB), 4,096 pending writes per TTL', () => {
    expect(resolveAvoidableSpend({}, {})).toEqual({ repeatWindowSeconds: 3600, repeatCapacity: 32_768, maxPendingCacheWrites: 4096 });
    expect(resolveAvoidableSpend({ avoidableSpend: true }, {})).toEqual(resolveAvoidableSpend({}, {}));
  });

  it('takes the option, then the environment', () => {
    expect(resolveAvoidableSpend({ avoidableSpend: { repeatWindowSeconds: 600 } }, { GENAI_OTEL_REPEAT_CAPACITY: '1024' })).toMatchObject({
      repeatWindowSeconds: 600,
      repeatCapacity: 1024,
    });
    expect(resolveAvoidableSpend({}, { GENAI_OTEL_REPEAT_WINDOW_SECONDS: 'soon' })?.repeatWindowSeconds).toBe(3600);
  });

  it('turns off with false, or GENAI_OTEL_AVOIDABLE_SPEND=false', () => {
    expect(resolveAvoidableSpend({ avoidableSpend: false }, {})).toBeUndefined();
    expect(resolveAvoidableSpend({}, { GENAI_OTEL_AVOIDABLE_SPEND: 'FALSE' })).toBeUndefined();
    expect(resolveAvoidableSpend({ avoidableSpend: {} }, { GENAI_OTEL_AVOIDABLE_SPEND: 'false' })).toBeDefined();
  });
});

describe('requestSampling', () => {
  const chat = (parameters: Record<string, number>) => requestSampling({ operation: 'chat', parameters });
  it.each([
    [{ temperature: 0 }, 'fixed'],
    [{ topK: 1 }, 'fixed'],
    [{ temperature: 0.9, seed: 42 }, 'fixed'],
    [{ temperature: 0.2 }, 'varied'],
    [{}, 'varied'],
    [{ temperature: 0, choiceCount: 3 }, 'varied'],
  ])('%o → %s', (parameters, expected) => {
    expect(chat(parameters)).toBe(expected);
  });

  it('embeddings have no sampling: fixed', () => {
    expect(requestSampling({ operation: 'embeddings', parameters: {} })).toBe('fixed');
  });
});
