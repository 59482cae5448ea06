/**
 * A network chunk after the bytes a splitter held back from the chunks before it (an event or line not complete
 * yet): the chunk itself when nothing was held back, else one copy of both.
 */
export function afterPending(pending: Uint8Array | undefined, chunk: Uint8Array): Uint8Array {
  if (pending === undefined) return chunk;
  const buffer = new Uint8Array(pending.length + chunk.length);
  buffer.set(pending, 0);
  buffer.set(chunk, pending.length);
  return buffer;
}
