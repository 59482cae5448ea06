import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import type { KeyPath, Locator } from './key-path.js';

/** A YAML syntax error at `offset`. */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses YAML (duplicate keys are an error) and keeps the document to find where keys and values
 * are. Aliases are expanded with a small limit (no billion-laughs).
 */
export function parseYamlWithPositions(text: string): { value: unknown; locate: Locator } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    throw new YamlSyntaxError(error.message.split('\n')[0] ?? error.message, error.pos[0]);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 50 });
  const locate: Locator = (path, part) => locateIn(doc, path, part);
  return { value, locate };
}

function locateIn(doc: Document, path: KeyPath, part: 'key' | 'value'): number | undefined {
  if (part === 'key' && path.length > 0) {
    const parent = doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isScalar(pair.key) && pair.key.value === last) return pair.key.range?.[0];
      }
    }
  }
  const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) return range[0];
  }
  return undefined;
}
