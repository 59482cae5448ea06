/**
 * Canonical JSON text: members sorted by name at every depth (an SDK may emit them in any order), array order kept,
 * numbers and strings as JSON.stringify writes them, `undefined` members left out. Two values with the same canonical
 * text are the same JSON value.
 */

const NONE: ReadonlySet<string> = new Set();

/** The canonical text of `value`, without the top-level members named in `ignored`. */
export function canonicalJson(value: unknown, ignored: ReadonlySet<string> = NONE): string {
  return isObject(value) ? writeObject(value, ignored) : writeValue(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Member names as JSON strings (the same few names in every request), made once each. */
const QUOTED = new Map<string, string>();

function quote(key: string): string {
  let quoted = QUOTED.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED.size < 1024) QUOTED.set(key, quoted);
  }
  return quoted;
}

// Strings are joined with `+`: cheaper than parts pushed and joined (the text is the same).
function writeObject(object: Record<string, unknown>, ignored: ReadonlySet<string>): string {
  let text = '{';
  let first = true;
  const keys = sortInPlace(Object.keys(object));
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = object[key];
    if (value === undefined || ignored.has(key)) continue;
    if (!first) text += ',';
    first = false;
    text += `${quote(key)}:${writeValue(value)}`;
  }
  return `${text}}`;
}

/**
 * `keys` sorted as `Array.prototype.sort` sorts strings (UTF-16 code units), in place: a request's objects have a
 * handful of members, and the built-in sort allocates a work array for every call (~2.5 KB per request).
 */
function sortInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function writeValue(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      const item: unknown = value[i];
      text += writeValue(item === undefined ? null : item);
    }
    return `${text}]`;
  }
  if (isObject(value)) return writeObject(value, NONE);
  return JSON.stringify(value) ?? 'null';
}
