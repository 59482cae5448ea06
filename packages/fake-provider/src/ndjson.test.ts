import { describe, expect, it } from 'vitest';
import { formatNdjsonLine } from './ndjson.js';

describe('formatNdjsonLine', () => {
  it('ends the JSON text with one LF', () => {
    expect(formatNdjsonLine('{"done":false}')).toBe('{"done":false}\n');
  });

  it('refuses a text with a line break in it (it would be two lines)', () => {
    expect(() => formatNdjsonLine('{\n"done":false}')).toThrow('an NDJSON line cannot contain a line break');
  });
});
