import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { CustomPriceTable } from '../types.js';
import { JsonSyntaxError, parseJsonWithPositions } from './json-source.js';
import { formatKeyPath, lineAndColumn, type Locator } from './key-path.js';
import { PriceTableError } from './price-table-error.js';
import { TableIssue, validatePriceTable } from './validate-price-table.js';
import { YamlSyntaxError, parseYamlWithPositions } from './yaml-source.js';

/**
 * Loads and validates a custom price table from a `.json`, `.yaml` or `.yml` file, or validates a
 * table object. Throws `PriceTableError` naming the file, line, column and key path of the first
 * problem. Meant for start-up: it reads the file synchronously.
 */
export function loadCustomPriceTable(source: string | CustomPriceTable): CustomPriceTable {
  if (typeof source !== 'string') return validateWithLocation(source, undefined, undefined, undefined);
  const file = source;
  const extension = extname(file).toLowerCase();
  if (extension !== '.json' && extension !== '.yaml' && extension !== '.yml') {
    throw new PriceTableError(`unsupported file type '${extension || '(none)'}': use .json, .yaml or .yml`, { file });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PriceTableError(`cannot read the file (${error instanceof Error ? error.message : String(error)})`, { file });
  }
  let parsed: { value: unknown; locate: Locator };
  try {
    parsed = extension === '.json' ? parseJsonWithPositions(text) : parseYamlWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError || error instanceof YamlSyntaxError) {
      const { line, column } = lineAndColumn(text, error.offset);
      throw new PriceTableError(`${extension === '.json' ? 'JSON' : 'YAML'} syntax error: ${error.message}`, { file, line, column });
    }
    throw error;
  }
  return validateWithLocation(parsed.value, file, text, parsed.locate);
}

function validateWithLocation(value: unknown, file: string | undefined, text: string | undefined, locate: Locator | undefined): CustomPriceTable {
  try {
    return validatePriceTable(value);
  } catch (error) {
    if (!(error instanceof TableIssue)) throw error;
    const keyPath = formatKeyPath(error.path);
    const offset = locate === undefined ? undefined : locateNearest(locate, error.path, error.part);
    const position = offset === undefined || text === undefined ? {} : lineAndColumn(text, offset);
    throw new PriceTableError(error.problem, {
      ...(file === undefined ? {} : { file }),
      ...(keyPath === '' ? {} : { keyPath }),
      ...position,
    });
  }
}

/** The offending node's offset, or its closest parent's when it does not exist (a missing key). */
function locateNearest(locate: Locator, path: readonly (string | number)[], part: 'key' | 'value'): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const offset = locate(path.slice(0, length), length === path.length ? part : 'value');
    if (offset !== undefined) return offset;
  }
  return undefined;
}
