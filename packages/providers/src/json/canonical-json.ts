/**
 * Canonical JSON text: members sorted by name at every depth (an SDK may emit them in any order), array order kept,
 * numbers and strings as JSON.stringify writes them, `undefined` members left out. Two values with the same canonical
 * text are the same JSON value.
 */

const NONE: ReadonlySet<string> = new Set();

/** The canonical text of `value`, without the top-level members named in `ignored`. */
export function canonicalJson(value: unknown, ignored: ReadonlySet<string> = NONE): string {
  const parts: string[] = [];
  if (isObject(value)) writeObject(value, parts, ignored);
  else writeValue(value, parts);
  return parts.join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function writeObject(object: Record<string, unknown>, parts: string[], ignored: ReadonlySet<string>): void {
  parts.push('{');
  let first = true;
  for (const key of Object.keys(object).sort()) {
    const value = object[key];
    if (value === undefined || ignored.has(key)) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(JSON.stringify(key), ':');
    writeValue(value, parts);
  }
  parts.push('}');
}

function writeValue(value: unknown, parts: string[]): void {
  if (Array.isArray(value)) {
    parts.push('[');
    for (const [index, item] of value.entries()) {
      if (index > 0) parts.push(',');
      writeValue(item === undefined ? null : item, parts);
    }
    parts.push(']');
  } else if (isObject(value)) {
    writeObject(value, parts, NONE);
  } else {
    parts.push(JSON.stringify(value) ?? 'null');
  }
}
