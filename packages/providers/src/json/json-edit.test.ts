import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removeTopLevelNullMember } from './json-edit.js';

describe('removeTopLevelNullMember', () => {
  it.each([
    ['{"id":"x","choices":[],"usage":null}', '{"id":"x","choices":[]}'],
    ['{"usage":null,"id":"x"}', '{"id":"x"}'],
    ['{"id":"x","usage":null,"choices":[]}', '{"id":"x","choices":[]}'],
    ['{"usage":null}', '{}'],
    ['{ "id": "x", "usage" : null }', '{ "id": "x"}'],
    ['{ "usage" : null , "id": "x"}', '{"id": "x"}'],
  ])('removes the member from %s', (input, expected) => {
    expect(removeTopLevelNullMember(input, 'usage')).toBe(expected);
    expect(JSON.parse(expected)).toEqual(Object.fromEntries(Object.entries(JSON.parse(input)).filter(([key]) => key !== 'usage')));
  });

  it.each([
    ['{"id":"x"}'],
    ['{"a":{"usage":null}}'],
    ['{"a":[{"usage":null}]}'],
    ['{"a":"\\"usage\\":null"}'],
    ['{"usage":{"prompt_tokens":1}}'],
    ['{"usage_x":null}'],
    ['{"a":"usage","b":null}'],
  ])('leaves %s alone', (input) => {
    expect(removeTopLevelNullMember(input, 'usage')).toBeUndefined();
  });

  it('agrees with parse-and-delete on generated objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.nat(), (object, position) => {
        const entries = Object.entries(object).filter(([key]) => key !== 'usage');
        const at = entries.length === 0 ? 0 : position % (entries.length + 1);
        entries.splice(at, 0, ['usage', null]);
        const text = JSON.stringify(Object.fromEntries(entries));
        const stripped = removeTopLevelNullMember(text, 'usage');
        const expected = Object.fromEntries(entries.filter(([key]) => key !== 'usage'));
        expect(stripped).toBe(JSON.stringify(expected));
      }),
    );
  });

  it('removeTopLevelNullMember keeps any JSON object valid', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value) ?? 'null';
        const stripped = removeTopLevelNullMember(text, 'usage');
        if (stripped !== undefined) expect(() => JSON.parse(stripped)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
