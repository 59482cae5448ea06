import type { AttributeValue, Attributes } from '@opentelemetry/api';

/**
 * A metric series' attributes with the key that identifies them, built at most once: a call's attributes are
 * one `Series`, and the attribute sets of its points (`error.type`, the token modality…) are derived from it
 * with {@link with}, whose key is the base's plus the added member. The plain instrument path only reads
 * `attributes` (no key is ever built); genai-otel's metric producer files points by {@link key}.
 */
export class Series {
  private built: string | undefined;
  /** The canonical key, once the producer has looked it up (it depends on the attributes only). */
  canonical: string | undefined;
  /** The attributes, once made (a derived series makes them when first read: the producer reads them only for a new series). */
  private made: Attributes | undefined;

  private constructor(
    made: Attributes | undefined,
    /** The series every derivation started from (itself for a base series). */
    root: Series | undefined,
    /** What was added to the root, in order (`''` for the root): a short key under the root's. */
    readonly path: string,
    /** The series this one was derived from, and the member it adds (a derived series only). */
    private readonly parent?: Series,
    private readonly key?: string,
    private readonly value?: AttributeValue,
  ) {
    this.made = made;
    this.root = root ?? this;
  }

  readonly root: Series;

  static of(attributes: Attributes): Series {
    return new Series(attributes, undefined, '');
  }

  /** The attribute set: the base's, or the parent's with the added member (added, or replacing one of the same key). */
  get attributes(): Attributes {
    let made = this.made;
    if (made === undefined) {
      made = { ...this.parent!.attributes, [this.key!]: this.value };
      this.made = made;
    }
    return made;
  }

  /** The same attributes with `key` set to `value` (added, or replacing a member of the same key). */
  with(key: string, value: AttributeValue): Series {
    return new Series(undefined, this.root, `${this.path}${JSON.stringify(key)}:${JSON.stringify(value)},`, this, key, value);
  }

  /**
   * The root's attributes as JSON, in their insertion order: cheap, and one string per attribute set and order.
   * Two orders or derivations of one set have different keys; the producer maps each (with {@link path}) to the
   * set's {@link seriesKey} once (metric-store.ts), so a series is never split.
   */
  get rootKey(): string {
    const root = this.root;
    let key = root.built;
    if (key === undefined) {
      key = JSON.stringify(root.attributes);
      root.built = key;
    }
    return key;
  }
}

/** The SDK's series identity: the attribute set, order aside (its hashAttributes: sorted entries as JSON). */
export function seriesKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
