/** A path into a parsed table: object keys and array indexes. */
export type KeyPath = readonly (string | number)[];

/** `['models', 2, 'prices', 'input']` → `models[2].prices.input`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Finds the source offset of a key (`part: 'key'`) or a value in the parsed file. */
export type Locator = (path: KeyPath, part: 'key' | 'value') => number | undefined;

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
