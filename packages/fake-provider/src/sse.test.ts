import { describe, expect, it } from 'vitest';
import { formatSseEvent } from './sse.js';

describe('formatSseEvent', () => {
  it('frames data events, named events and multi-line data', () => {
    expect(formatSseEvent({ data: '{"a":1}' })).toBe('data: {"a":1}\n\n');
    expect(formatSseEvent({ event: 'message_stop', data: '{}' })).toBe('event: message_stop\ndata: {}\n\n');
    expect(formatSseEvent({ data: 'a\nb' })).toBe('data: a\ndata: b\n\n');
  });

  it('uses CRLF line endings when asked (Gemini, Vertex AI)', () => {
    expect(formatSseEvent({ data: '{"a": 1}' }, '\r\n')).toBe('data: {"a": 1}\r\n\r\n');
    expect(formatSseEvent({ event: 'x', data: '{}' }, '\r\n')).toBe('event: x\r\ndata: {}\r\n\r\n');
  });
});
