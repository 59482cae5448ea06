import { describe, expect, it } from 'vitest';
import { errorTypeFromException, errorTypeFromStatus } from './error-type.js';

describe('errorTypeFromStatus', () => {
  it.each([
    [400, 'invalid_request'],
    [401, 'authentication'],
    [403, 'authentication'],
    [404, 'not_found'],
    [408, 'timeout'],
    [409, '_OTHER'],
    [413, 'invalid_request'],
    [422, 'invalid_request'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'overloaded'],
    [504, 'server_error'],
    [529, 'overloaded'],
    [418, '_OTHER'],
  ])('%i → %s', (status, type) => {
    expect(errorTypeFromStatus(status)).toBe(type);
  });
});

describe('errorTypeFromException', () => {
  const request = { phase: 'request' as const, elapsedMs: 50, sdkTimeoutSeconds: undefined };
  const abort = new DOMException('This operation was aborted', 'AbortError');

  it('reads an abort by what dispatched it: a timer is a timeout, anything else the caller', () => {
    const byTimer = { source: 'timer' as const, reason: abort };
    const byCaller = { source: 'other' as const, reason: abort };
    expect(errorTypeFromException(abort, { ...request, abort: byTimer })).toBe('timeout');
    expect(errorTypeFromException(abort, { phase: 'body', elapsedMs: 50, sdkTimeoutSeconds: undefined, abort: byTimer })).toBe('timeout');
    expect(errorTypeFromException(abort, { ...request, abort: byCaller })).toBe('aborted');
    // The caller's abort is the caller's even where the header alone would say timeout (sub-second SDK timeouts send 0).
    expect(errorTypeFromException(abort, { ...request, elapsedMs: 400, sdkTimeoutSeconds: 0, abort: byCaller })).toBe('aborted');
    // A reason of the caller's own (fetch rejects with it) is still an abort.
    const reason = new Error('user left');
    expect(errorTypeFromException(reason, { ...request, abort: { source: 'other', reason } })).toBe('aborted');
    expect(errorTypeFromException(reason, { ...request, abort: { source: 'timer', reason } })).toBe('timeout');
    // AbortSignal.timeout(): a TimeoutError, whoever dispatched it.
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(errorTypeFromException(timedOut, { ...request, abort: { source: 'other', reason: timedOut } })).toBe('timeout');
    expect(errorTypeFromException(abort, { ...request, abort: { source: 'other', reason: timedOut } })).toBe('timeout');
  });

  it('falls back on X-Stainless-Timeout when the runtime cannot tell what aborted', () => {
    const unknown = { source: 'unknown' as const, reason: abort };
    expect(errorTypeFromException(abort, { ...request, abort: unknown })).toBe('aborted');
    expect(errorTypeFromException(abort, { ...request, sdkTimeoutSeconds: 600, abort: unknown })).toBe('aborted');
    expect(errorTypeFromException(abort, { ...request, elapsedMs: 2001, sdkTimeoutSeconds: 2, abort: unknown })).toBe('timeout');
    expect(errorTypeFromException(abort, { ...request, elapsedMs: 201, sdkTimeoutSeconds: 0, abort: unknown })).toBe('timeout');
    expect(errorTypeFromException(abort, { ...request, elapsedMs: 960, sdkTimeoutSeconds: 1, abort: unknown })).toBe('timeout');
    expect(errorTypeFromException(abort, { ...request, elapsedMs: 880, sdkTimeoutSeconds: 1, abort: unknown })).toBe('aborted');
    expect(errorTypeFromException(abort, { phase: 'body', elapsedMs: 9000, sdkTimeoutSeconds: 2, abort: unknown })).toBe('aborted');
    // An AbortError whose signal was not seen aborting: the same fallback.
    expect(errorTypeFromException(abort, { ...request, elapsedMs: 2001, sdkTimeoutSeconds: 2 })).toBe('timeout');
    expect(errorTypeFromException(abort, request)).toBe('aborted');
    expect(errorTypeFromException(new DOMException('t', 'TimeoutError'), request)).toBe('timeout');
  });

  it('reads undici and socket failures', () => {
    const connectTimeout = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' }) });
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    const terminated = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(errorTypeFromException(connectTimeout, request)).toBe('timeout');
    expect(errorTypeFromException(refused, request)).toBe('connection_error');
    expect(errorTypeFromException(terminated, { ...request, phase: 'body' })).toBe('connection_error');
    expect(errorTypeFromException(new RangeError('x'), request)).toBe('_OTHER');
    expect(errorTypeFromException('string', request)).toBe('_OTHER');
  });
});
