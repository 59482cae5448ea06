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
  const keys = Object.keys(object).sort();
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
