import { formatKeyPath, type KeyPath, type Locator } from './key-path.js';

/** A JSON syntax error at `offset`. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses JSON strictly and remembers where every key and value starts, so that validation errors
 * can name a line (`JSON.parse` reports no position for most errors and keeps none). Duplicate
 * keys are an error (`JSON.parse` would silently keep the last one).
 */
export function parseJsonWithPositions(text: string): { value: unknown; locate: Locator } {
  const positions = new Map<string, { key?: number; value: number }>();
  let at = 0;

  const fail = (message: string, offset = at): never => {
    throw new JsonSyntaxError(message, offset);
  };
  const skipWhitespace = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  };
  const unexpected = (): never => (at >= text.length ? fail('unexpected end of file') : fail(`unexpected character ${JSON.stringify(text[at])}`));

  const parseString = (): string => {
    const start = at;
    at++; // opening quote
    while (at < text.length && text[at] !== '"') {
      const code = text.charCodeAt(at);
      if (code < 0x20) fail('control character in string');
      if (text[at] === '\\') {
        at++;
        const escaped = text[at];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail('invalid \\u escape');
          at += 4;
        } else if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) {
          fail('invalid escape in string');
        }
      }
      at++;
    }
    if (at >= text.length) fail('unterminated string', start);
    at++; // closing quote
    return JSON.parse(text.slice(start, at)) as string;
  };

  const parseValue = (path: KeyPath): void => {
    skipWhitespace();
    const key = formatKeyPath(path);
    const entry = positions.get(key);
    positions.set(key, { ...entry, value: at });
    const char = text[at];
    if (char === '{') parseObject(path);
    else if (char === '[') parseArray(path);
    else if (char === '"') parseString();
    else if (char !== undefined && (char === '-' || (char >= '0' && char <= '9'))) parseNumber();
    else if (text.startsWith('true', at)) at += 4;
    else if (text.startsWith('false', at)) at += 5;
    else if (text.startsWith('null', at)) at += 4;
    else unexpected();
  };

  const parseNumber = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 64));
    if (match === null) fail('invalid number');
    else at += match[0].length;
  };

  const parseObject = (path: KeyPath) => {
    at++;
    skipWhitespace();
    if (text[at] === '}') {
      at++;
      return;
    }
    const seen = new Set<string>();
    for (;;) {
      skipWhitespace();
      if (text[at] !== '"') unexpected();
      const keyOffset = at;
      const name = parseString();
      if (seen.has(name)) fail(`duplicate key ${JSON.stringify(name)}`, keyOffset);
      seen.add(name);
      const childPath = [...path, name];
      positions.set(formatKeyPath(childPath), { key: keyOffset, value: keyOffset });
      skipWhitespace();
      if (text[at] !== ':') unexpected();
      at++;
      parseValue(childPath);
      skipWhitespace();
      if (text[at] === ',') {
        const comma = at++;
        skipWhitespace();
        if (text[at] === '}') fail('trailing comma', comma);
        continue;
      }
      if (text[at] === '}') {
        at++;
        return;
      }
      unexpected();
    }
  };

  const parseArray = (path: KeyPath) => {
    at++;
    skipWhitespace();
    if (text[at] === ']') {
      at++;
      return;
    }
    for (let index = 0; ; index++) {
      parseValue([...path, index]);
      skipWhitespace();
      if (text[at] === ',') {
        const comma = at++;
        skipWhitespace();
        if (text[at] === ']') fail('trailing comma', comma);
        continue;
      }
      if (text[at] === ']') {
        at++;
        return;
      }
      unexpected();
    }
  };

  if (text.charCodeAt(0) === 0xfeff) at = 1; // byte-order mark
  parseValue([]);
  skipWhitespace();
  if (at < text.length) unexpected();

  const value: unknown = JSON.parse(text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0));
  const locate: Locator = (path, part) => {
    const entry = positions.get(formatKeyPath(path));
    return part === 'key' ? (entry?.key ?? entry?.value) : entry?.value;
  };
  return { value, locate };
}
