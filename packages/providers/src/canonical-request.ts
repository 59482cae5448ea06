import { canonicalJson } from './json/canonical-json.js';
import type { ProviderApi } from './types.js';

const IGNORED = new WeakMap<ProviderApi, ReadonlySet<string>>();

/**
 * The canonical text of a request body ({@link canonicalJson}) without the API's delivery members
 * (`ProviderApi.deliveryMembers`: how or where an answer is delivered, billed or stored, never the answer itself).
 * Two bodies with the same canonical request ask the same API for the same answer. Throws only when the body is
 * nested too deep for the stack.
 */
export function canonicalRequest(api: ProviderApi, body: unknown): string {
  let ignored = IGNORED.get(api);
  if (ignored === undefined) {
    ignored = new Set(api.deliveryMembers);
    IGNORED.set(api, ignored);
  }
  return canonicalJson(body, ignored);
}
