import { describe, expect, it } from 'vitest';
import { parseFaultSpec, splitModelFault } from './faults.js';

describe('parseFaultSpec', () => {
  it.each([
    ['429', { kind: '429', retryAfterSeconds: 1 }],
    ['429;retry-after=0', { kind: '429', retryAfterSeconds: 0 }],
    ['500', { kind: '500' }],
    ['503', { kind: '503' }],
    ['hang', { kind: 'hang' }],
    ['reset', { kind: 'reset', afterEvents: 2 }],
    ['reset;after=0', { kind: 'reset', afterEvents: 0 }],
    ['malformed-json', { kind: 'malformed-json' }],
    ['malformed-sse', { kind: 'malformed-sse', atEvent: 1 }],
    ['malformed-sse;at=4', { kind: 'malformed-sse', atEvent: 4 }],
    ['gzip', { kind: 'gzip' }],
    ['brotli', { kind: 'brotli' }],
    ['slow', { kind: 'slow', ttfbMs: 250, chunkDelayMs: 25 }],
    [' slow ; ttfb-ms = 5 ; chunk-delay-ms=1 ;', { kind: 'slow', ttfbMs: 5, chunkDelayMs: 1 }],
    ['slow;ttfb-ms=0;body-delay-ms=300', { kind: 'slow', ttfbMs: 0, chunkDelayMs: 25, bodyDelayMs: 300 }],
    ['529', { kind: '529', retryAfterSeconds: 1 }],
    ['404', { kind: '404' }],
    ['stream-error', { kind: 'stream-error', afterEvents: 2 }],
    ['stream-error;after=0', { kind: 'stream-error', afterEvents: 0 }],
    ['429;retry-after=0;retry-after-ms=5', { kind: '429', retryAfterSeconds: 0, retryAfterMs: 5 }],
    ['429;times=1', { kind: '429', retryAfterSeconds: 1, times: 1 }],
    ['500;times=2;key=call-1.a:b', { kind: '500', times: 2, key: 'call-1.a:b' }],
    ['hang;key=k', { kind: 'hang', key: 'k' }],
  ])('%s', (spec, fault) => {
    expect(parseFaultSpec(spec)).toEqual({ ok: true, fault });
  });

  it.each([
    ['', "Unknown fault kind ''. Known kinds: 404, 429, 500, 503, 529, hang, reset, malformed-json, malformed-sse, stream-error, gzip, brotli, slow."],
    ['418', "Unknown fault kind '418'. Known kinds: 404, 429, 500, 503, 529, hang, reset, malformed-json, malformed-sse, stream-error, gzip, brotli, slow."],
    ['429;after=1', "Fault '429' has no parameter 'after' (accepted: retry-after, retry-after-ms, times, key)."],
    ['hang;ttfb-ms=1', "Fault 'hang' has no parameter 'ttfb-ms' (accepted: times, key)."],
    ['reset;after=-1', "Fault parameter 'after' must be a non-negative integer, got '-1'."],
    ['slow;ttfb-ms', "Fault parameter 'ttfb-ms' must be a non-negative integer, got ''."],
    ['429;times=x', "Fault parameter 'times' must be a non-negative integer, got 'x'."],
    ['429;key=a b', "Fault parameter 'key' must match ^[A-Za-z0-9._:-]+$, got 'a b'."],
    ['429;key=', "Fault parameter 'key' must match ^[A-Za-z0-9._:-]+$, got ''."],
  ])('rejects %j', (spec, message) => {
    expect(parseFaultSpec(spec)).toEqual({ ok: false, message });
  });
});

describe('splitModelFault', () => {
  it('splits a +fault= suffix off the model name', () => {
    expect(splitModelFault('gpt-4o-mini')).toEqual({ model: 'gpt-4o-mini' });
    expect(splitModelFault('gpt-4o-mini+fault=429;retry-after=0')).toEqual({
      model: 'gpt-4o-mini',
      faultSpec: '429;retry-after=0',
    });
    expect(splitModelFault('+fault=hang')).toEqual({ model: '', faultSpec: 'hang' });
  });
});
