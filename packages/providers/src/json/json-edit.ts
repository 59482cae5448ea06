/**
 * Removes a top-level `"<key>": null` member from a JSON object text, keeping every other byte.
 * Returns `undefined` when the text has no such top-level member. The input must be valid JSON.
 */
export function removeTopLevelNullMember(json: string, key: string): string | undefined {
  // Fast path: OpenAI writes `,"usage":null` as the last member of each chunk.
  const tail = `,"${key}":null}`;
  if (json.endsWith(tail)) return `${json.slice(0, json.length - tail.length)}}`;
  return scanAndRemove(json, `"${key}"`);
}

function scanAndRemove(json: string, quotedKey: string): string | undefined {
  let depth = 0;
  let index = 0;
  // Position just after the last top-level `{` or `,` (the start of a member, whitespace allowed).
  let memberStart = -1;
  let memberSeparator = -1;
  while (index < json.length) {
    const char = json.charCodeAt(index);
    if (char === 0x22 /* " */) {
      if (depth === 1 && memberStart !== -1 && json.startsWith(quotedKey, index)) {
        const afterKey = skipWhitespace(json, index + quotedKey.length);
        if (json.charCodeAt(afterKey) === 0x3a /* : */) {
          const valueStart = skipWhitespace(json, afterKey + 1);
          if (json.startsWith('null', valueStart)) {
            const valueEnd = skipWhitespace(json, valueStart + 4);
            const next = json.charCodeAt(valueEnd);
            if (next === 0x2c /* , */) {
              // First or middle member: drop it together with the comma that follows it.
              return json.slice(0, memberStart) + json.slice(skipWhitespace(json, valueEnd + 1));
            }
            if (next === 0x7d /* } */) {
              // Last member: drop it together with the comma before it (if any).
              const cut = memberSeparator === -1 ? memberStart : memberSeparator;
              return json.slice(0, cut) + json.slice(valueEnd);
            }
          }
        }
      }
      index = skipString(json, index);
      memberStart = -1;
      continue;
    }
    if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      depth += 1;
      if (depth === 1 && char === 0x7b) {
        memberStart = index + 1;
        memberSeparator = -1;
      }
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth -= 1;
    } else if (char === 0x2c /* , */ && depth === 1) {
      memberSeparator = index;
      memberStart = index + 1;
    } else if (!isWhitespace(char)) {
      if (depth === 1) memberStart = -1;
    }
    index += 1;
  }
  return undefined;
}

function skipString(json: string, start: number): number {
  let index = start + 1;
  while (index < json.length) {
    const char = json.charCodeAt(index);
    if (char === 0x5c /* \ */) index += 2;
    else if (char === 0x22) return index + 1;
    else index += 1;
  }
  return index;
}

function skipWhitespace(json: string, start: number): number {
  let index = start;
  while (index < json.length && isWhitespace(json.charCodeAt(index))) index += 1;
  return index;
}

function isWhitespace(char: number): boolean {
  return char === 0x20 || char === 0x0a || char === 0x0d || char === 0x09;
}
