import { describe, expect, it } from 'vitest';
import { googleJsonBody, googleJsonLine } from './google-json.js';

describe('google JSON styles', () => {
  const value = { candidates: [{ content: { parts: [{ text: 'Hi "there"' }], role: 'model' }, index: 0 }], skipped: undefined };

  it('stream lines: `": "` after keys, bare commas, one line', () => {
    expect(googleJsonLine(value)).toBe('{"candidates": [{"content": {"parts": [{"text": "Hi \\"there\\""}],"role": "model"},"index": 0}]}');
    expect(googleJsonLine({ a: [], b: {}, c: null, d: [1, 2] })).toBe('{"a": [],"b": {},"c": null,"d": [1,2]}');
  });

  it('bodies: two-space indentation', () => {
    expect(googleJsonBody({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('a line parses back to the same value', () => {
    expect(JSON.parse(googleJsonLine(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
