import type { Attributes, Counter } from '@opentelemetry/api';
import { ATTR_GEN_AI_REQUEST_MODEL, ATTR_GEN_AI_RESPONSE_MODEL } from '../semconv.js';

/** The value recorded instead of a model name once the cap is reached. */
export const CAPPED_MODEL = '_OTHER';

/**
 * Bounds the model names that reach metric attributes. Model names come from requests and responses,
 * so a client that puts per-request values in them (or a gateway with thousands of fine-tuned models)
 * would mint a new series per call. The first `limit` distinct names are kept; later new names are
 * recorded as `_OTHER` and counted. Spans keep the real name.
 */
export class ModelNameCap {
  private readonly seen = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly capped: Counter,
  ) {}

  /** The attributes to record: the same object when nothing had to be capped. */
  apply(attributes: Attributes): Attributes {
    const request = attributes[ATTR_GEN_AI_REQUEST_MODEL];
    const response = attributes[ATTR_GEN_AI_RESPONSE_MODEL];
    const keepRequest = typeof request !== 'string' || this.admit(request);
    const keepResponse = typeof response !== 'string' || this.admit(response);
    if (keepRequest && keepResponse) return attributes;
    const out = { ...attributes };
    if (!keepRequest) out[ATTR_GEN_AI_REQUEST_MODEL] = CAPPED_MODEL;
    if (!keepResponse) out[ATTR_GEN_AI_RESPONSE_MODEL] = CAPPED_MODEL;
    return out;
  }

  private admit(name: string): boolean {
    if (this.seen.has(name)) return true;
    if (this.seen.size < this.limit) {
      this.seen.add(name);
      return true;
    }
    this.capped.add(1);
    return false;
  }
}
