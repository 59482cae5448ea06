import { describe, expect, it } from 'vitest';
import { errorTypeOfStatus } from './outcome.js';

describe('errorTypeOfStatus', () => {
  it("names every status as the instrumentation's error.type table does", () => {
    const named: Record<number, string> = {
      400: 'invalid_request',
      401: 'authentication',
      403: 'authentication',
      404: 'not_found',
      408: 'timeout',
      413: 'invalid_request',
      422: 'invalid_request',
      429: 'rate_limited',
      503: 'overloaded',
      529: 'overloaded',
    };
    for (let status = 100; status <= 699; status++) {
      const expected = status < 400 ? undefined : (named[status] ?? (status >= 500 && status <= 599 ? 'server_error' : '_OTHER'));
      expect([status, errorTypeOfStatus(status)]).toEqual([status, expected]);
    }
  });

  it('never calls a client error a server error (a breaker counting server_error ignores them)', () => {
    for (const status of [402, 405, 409, 410, 415, 418, 451]) expect(errorTypeOfStatus(status)).toBe('_OTHER');
  });
});
