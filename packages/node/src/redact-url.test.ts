import { describe, expect, it } from 'vitest';
import { redactedUrlAttributes } from './redact-url.js';

describe('redactedUrlAttributes', () => {
  it('masks sensitive query parameters', () => {
    expect(
      redactedUrlAttributes({ origin: 'https://generativelanguage.googleapis.com', path: '/v1beta/models/m:streamGenerateContent?alt=sse&key=AIzaSecret' }),
    ).toEqual({
      'url.full': 'https://generativelanguage.googleapis.com/v1beta/models/m:streamGenerateContent?alt=sse&key=REDACTED',
      'url.query': '?alt=sse&key=REDACTED',
    });
    expect(redactedUrlAttributes({ origin: 'https://x', path: '/a?X-Goog-Signature=abc&Api-Key=1' })).toEqual({
      'url.full': 'https://x/a?X-Goog-Signature=REDACTED&Api-Key=REDACTED',
      'url.query': '?X-Goog-Signature=REDACTED&Api-Key=REDACTED',
    });
  });

  it('leaves URLs without secrets to the instrumentation', () => {
    expect(redactedUrlAttributes({ origin: 'https://x', path: '/v1/chat/completions' })).toEqual({});
    expect(redactedUrlAttributes({ origin: 'https://x', path: '/a?alt=sse' })).toEqual({});
  });
});
