/**
 * JSON read from UTF-8 bytes without decoding them, for a stream's hot path: checks and skips values.
 * Whatever it accepts, `TextDecoder` (fatal) and `JSON.parse` accept too, as the same value; it may
 * refuse valid input (nesting deeper than {@link MAX_DEPTH}), which the caller then decodes and parses.
 * Every function returns the index just after what it read, or -1 when the bytes are not that.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Nesting the reader follows; deeper values are left to `JSON.parse` (no recursion without bound). */
const MAX_DEPTH = 32;

/** Set by {@link skipString}: the string it read has an escape (its bytes are not its value). */
let lastStringEscaped = false;

/** True when the last string {@link skipString} read had a backslash escape. */
export function lastStringHadEscape(): boolean {
  return lastStringEscaped;
}

/** Skips JSON whitespace (space, tab, CR, LF). */
export function skipWhitespace(bytes: Uint8Array, index: number, end: number): number {
  let i = index;
  if (bytes[i]! > 0x20) return i;
  while (i < end) {
    const byte = bytes[i]!;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) break;
    i += 1;
  }
  return i;
}

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/**
 * Skips one UTF-8 sequence of two to four bytes starting with `lead` (≥ 0x80) at `index`, as the
 * WHATWG decoder accepts it (no overlong forms, no surrogates, nothing above U+10FFFF).
 */
function skipMultiByte(bytes: Uint8Array, index: number, end: number, lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return index + 1 < end && isContinuation(bytes[index + 1]) ? index + 2 : -1;
  if (lead >= 0xe0 && lead <= 0xef) {
    if (index + 2 >= end) return -1;
    const second = bytes[index + 1]!;
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return second >= low && second <= high && isContinuation(bytes[index + 2]) ? index + 3 : -1;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (index + 3 >= end) return -1;
    const second = bytes[index + 1]!;
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return second >= low && second <= high && isContinuation(bytes[index + 2]) && isContinuation(bytes[index + 3]) ? index + 4 : -1;
  }
  return -1;
}

/**
 * What a byte means inside a string: 0 taken as is (printable ASCII), 1 the closing quote, 2 an
 * escape, 3 not allowed (a control character), 4 the first byte of a multi-byte UTF-8 sequence.
 */
const IN_STRING = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte += 1) IN_STRING[byte] = 3;
IN_STRING[QUOTE] = 1;
IN_STRING[BACKSLASH] = 2;
for (let byte = 0x80; byte < 0x100; byte += 1) IN_STRING[byte] = 4;

/** Skips a string; `bytes[index]` is its opening quote. Sets {@link lastStringHadEscape}. */
export function skipString(bytes: Uint8Array, index: number, end: number): number {
  let escaped = false;
  let i = index + 1;
  for (;;) {
    // Printable ASCII is most of it; past `end` stand the event's line breaks (class 3) or nothing.
    let kind = IN_STRING[bytes[i]!];
    while (kind === 0) {
      i += 1;
      kind = IN_STRING[bytes[i]!];
    }
    if (i >= end) return -1;
    if (kind === 1) {
      lastStringEscaped = escaped;
      return i + 1;
    }
    if (kind === 2) {
      escaped = true;
      const next = bytes[i + 1];
      if (next === 0x75 /* u */) {
        if (i + 5 >= end || !isHex(bytes[i + 2]!) || !isHex(bytes[i + 3]!) || !isHex(bytes[i + 4]!) || !isHex(bytes[i + 5]!)) return -1;
        i += 6;
      } else if (next === QUOTE || next === BACKSLASH || next === 0x2f || next === 0x62 || next === 0x66 || next === 0x6e || next === 0x72 || next === 0x74) {
        i += 2;
      } else {
        return -1;
      }
    } else if (kind === 4) {
      i = skipMultiByte(bytes, i, end, bytes[i]!);
      if (i === -1) return -1;
    } else {
      return -1;
    }
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/** Skips a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. */
export function skipNumber(bytes: Uint8Array, index: number, end: number): number {
  let i = index;
  if (bytes[i] === 0x2d) i += 1;
  if (i >= end) return -1;
  if (bytes[i] === 0x30) i += 1;
  else if (isDigit(bytes[i]) && bytes[i] !== 0x30) while (i < end && isDigit(bytes[i])) i += 1;
  else return -1;
  if (i < end && bytes[i] === 0x2e) {
    i += 1;
    if (i >= end || !isDigit(bytes[i])) return -1;
    while (i < end && isDigit(bytes[i])) i += 1;
  }
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i += 1;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i += 1;
    if (i >= end || !isDigit(bytes[i])) return -1;
    while (i < end && isDigit(bytes[i])) i += 1;
  }
  return i;
}

/** True when `bytes[index, index + literal.length)` is `literal` (ASCII). */
export function bytesAre(bytes: Uint8Array, index: number, end: number, literal: Uint8Array): boolean {
  if (index + literal.length > end) return false;
  for (let i = 0; i < literal.length; i += 1) if (bytes[index + i] !== literal[i]) return false;
  return true;
}

const TRUE = new TextEncoder().encode('true');
const FALSE = new TextEncoder().encode('false');
const NULL = new TextEncoder().encode('null');

/** True when the bytes at `index` are the literal `null`. */
export function isNull(bytes: Uint8Array, index: number, end: number): boolean {
  return bytesAre(bytes, index, end, NULL);
}

/** Skips any JSON value starting at `index` (no whitespace before it). */
export function skipValue(bytes: Uint8Array, index: number, end: number, depth = 0): number {
  if (index >= end) return -1;
  const byte = bytes[index]!;
  if (byte === QUOTE) return skipString(bytes, index, end);
  if (byte === 0x7b /* { */) return skipObject(bytes, index, end, depth + 1);
  if (byte === 0x5b /* [ */) return skipArray(bytes, index, end, depth + 1);
  if (byte === 0x74 /* t */) return bytesAre(bytes, index, end, TRUE) ? index + 4 : -1;
  if (byte === 0x66 /* f */) return bytesAre(bytes, index, end, FALSE) ? index + 5 : -1;
  if (byte === 0x6e /* n */) return bytesAre(bytes, index, end, NULL) ? index + 4 : -1;
  if (byte === 0x2d || isDigit(byte)) return skipNumber(bytes, index, end);
  return -1;
}

function skipObject(bytes: Uint8Array, index: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  let i = skipWhitespace(bytes, index + 1, end);
  if (bytes[i] === 0x7d) return i + 1;
  for (;;) {
    if (bytes[i] !== QUOTE) return -1;
    i = skipString(bytes, i, end);
    if (i === -1) return -1;
    i = skipWhitespace(bytes, i, end);
    if (bytes[i] !== 0x3a) return -1;
    i = skipValue(bytes, skipWhitespace(bytes, i + 1, end), end, depth);
    if (i === -1) return -1;
    i = skipWhitespace(bytes, i, end);
    if (i >= end) return -1;
    if (bytes[i] === 0x7d) return i + 1;
    if (bytes[i] !== 0x2c) return -1;
    i = skipWhitespace(bytes, i + 1, end);
  }
}

function skipArray(bytes: Uint8Array, index: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  let i = skipWhitespace(bytes, index + 1, end);
  if (bytes[i] === 0x5d) return i + 1;
  for (;;) {
    i = skipValue(bytes, i, end, depth);
    if (i === -1) return -1;
    i = skipWhitespace(bytes, i, end);
    if (i >= end) return -1;
    if (bytes[i] === 0x5d) return i + 1;
    if (bytes[i] !== 0x2c) return -1;
    i = skipWhitespace(bytes, i + 1, end);
  }
}
