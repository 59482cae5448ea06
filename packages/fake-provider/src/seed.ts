import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A deterministic source of ids and numbers, derived from a text (normally a request body). */
export interface Seed {
  /** Hex SHA-256 of the text the seed was made from. */
  readonly digest: string;
  /** A base-62 string of `length` characters (at most 64), different for each `label`. */
  id(label: string, length: number): string;
  /** A non-negative 32-bit integer, different for each `label`. */
  int(label: string): number;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Makes a {@link Seed} from any text; equal texts give equal seeds. */
export function seedFrom(text: string): Seed {
  const digest = sha256(text).toString('hex');
  const derive = (label: string): Buffer => Buffer.concat([sha256(`${digest}:${label}:0`), sha256(`${digest}:${label}:1`)]);
  return {
    digest,
    id(label, length) {
      const bytes = derive(label);
      let result = '';
      for (let index = 0; index < Math.min(length, bytes.length); index += 1) {
        result += BASE62[(bytes[index] ?? 0) % BASE62.length];
      }
      return result;
    },
    int(label) {
      return derive(label).readUInt32BE(0);
    },
  };
}
