import { describe, expect, it } from 'vitest';
import { abortSource, networkFailure } from './fetch-failures.js';

describe('abortSource', () => {
  /** The source an `abort` listener sees when `abort()` runs in `run`. */
  function sourceWhen(run: (abort: () => void) => void): Promise<string> {
    const controller = new AbortController();
    return new Promise((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(abortSource()), { once: true });
      run(() => controller.abort());
    });
  }

  it("is timer inside a timer callback, other in the caller's code, promise continuations and immediates", async () => {
    expect(await sourceWhen((abort) => setTimeout(abort, 1))).toBe('timer');
    expect(await sourceWhen((abort) => setTimeout(() => abort(), 0))).toBe('timer');
    expect(await sourceWhen((abort) => abort())).toBe('other');
    expect(await sourceWhen((abort) => void Promise.resolve().then(abort))).toBe('other');
    // A continuation after an awaited timer is the caller's code, not the timer's callback.
    expect(await sourceWhen((abort) => setTimeout(() => void Promise.resolve().then(abort), 0))).toBe('other');
    expect(await sourceWhen((abort) => setImmediate(abort))).toBe('other');
  });
});

describe('networkFailure', () => {
  it('reads undici and socket codes on the error or its cause chain', () => {
    const code = (value: string) => Object.assign(new Error('x'), { code: value });
    expect(networkFailure(new TypeError('fetch failed', { cause: code('UND_ERR_HEADERS_TIMEOUT') }))).toBe('timeout');
    expect(networkFailure(code('ETIMEDOUT'))).toBe('timeout');
    expect(networkFailure(new TypeError('fetch failed', { cause: code('ECONNRESET') }))).toBe('connection_error');
    expect(networkFailure(new TypeError('terminated'))).toBe('connection_error');
    expect(networkFailure(new RangeError('x'))).toBeUndefined();
    expect(networkFailure(new DOMException('aborted', 'AbortError'))).toBeUndefined();
  });
});
