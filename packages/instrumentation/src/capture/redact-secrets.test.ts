import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    [
      'TypeError: Failed to parse URL from https://x/v1beta/models/m:generateContent?key=AIzaSyA-1234567890abcdefghij&alt=sse',
      'TypeError: Failed to parse URL from https://x/v1beta/models/m:generateContent?key=REDACTED&alt=sse',
    ],
    ['Error: bad header Authorization: Bearer sk-proj-abcdefghijklmnop', 'Error: bad header Authorization: Bearer REDACTED'],
    ['Error: invalid x-api-key sk-ant-api03-abcdefghijkl', 'Error: invalid x-api-key sk-ant-REDACTED'],
    ['Error: key AIzaSyA-1234567890abcdefghij leaked', 'Error: key AIzaREDACTED leaked'],
    ['TypeError: fetch failed', 'TypeError: fetch failed'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});
