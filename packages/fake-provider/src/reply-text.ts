/**
 * The text every fake reply is cut from. One word is one token, so a reply of N visible tokens
 * is N consecutive words of this text (wrapping around), starting at a seed-derived word.
 */
export const REPLY_TEXT =
  'This is a deterministic reply from the genai-otel fake provider. Every word is one token, ' +
  'so the number of streamed content chunks equals the number of visible completion tokens. ' +
  'The same request body always produces the same identifier, content and usage, which keeps ' +
  'golden files stable across runs and machines.';

const WORDS = REPLY_TEXT.split(' ');

/**
 * The tokens of a reply: `count` words starting at word `start % words`, the first without and
 * every later one with a leading space (as real tokenizers produce them). Joined, they are the
 * reply content.
 */
export function replyTokens(start: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const word = WORDS[(start + index) % WORDS.length] ?? '';
    return index === 0 ? word : ` ${word}`;
  });
}
