import type { AttributeValue, Attributes } from '@opentelemetry/api';

/**
 * A metric series' attributes with the key that identifies them, built at most once: a call's attributes are
 * one `Series`, and the attribute sets of its points (`error.type`, the token modality…) are derived from it
 * with {@link with}, whose key is the base's plus the added member. The plain instrument path only reads
 * `attributes` (no key is ever built); genai-otel's metric producer files points by {@link key}.
 */
export class Series {
  private built: string | undefined;

  private constructor(
    readonly attributes: Attributes,
    /** The series this one was derived from (its key is the base of this one's), or none. */
    readonly base: Series | undefined,
    private readonly added: string,
  ) {}

  static of(attributes: Attributes): Series {
    return new Series(attributes, undefined, '');
  }

  /** The same attributes with `key` set to `value` (added, or replacing a member of the same key). */
  with(key: string, value: AttributeValue): Series {
    return new Series({ ...this.attributes, [key]: value }, this, `${key}\u0001${typeof value === 'string' ? value : `\u0002${JSON.stringify(value)}`}`);
  }

  /**
   * The base series' canonical key followed by what was added to it. Two derivations can reach one attribute
   * set with different keys (a base that had the added key already): the producer maps these keys to
   * {@link seriesKey} of the attributes once (metric-store.ts), so a series is never split.
   */
  get key(): string {
    let key = this.built;
    if (key === undefined) {
      key = this.base === undefined ? seriesKey(this.attributes) : `${this.base.key}\u0000${this.added}`;
      this.built = key;
    }
    return key;
  }
}

/** The SDK's series identity: the attribute set, order aside (its hashAttributes: sorted entries as JSON). */
export function seriesKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
