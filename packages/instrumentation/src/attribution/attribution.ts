import { context, createContextKey, diag, propagation, type AttributeValue, type Attributes, type Context } from '@opentelemetry/api';

/**
 * What a piece of work belongs to: `feature`, `team`, `tenant`, and any key the app chooses. A key without a dot is
 * genai-otel's (`feature` is recorded as `genai_otel.feature`); a dotted key is recorded as given (`user.id`).
 * `undefined` and `null` values are left out, so `{ tenant: req.user?.tenant }` is fine.
 */
export type GenAIAttributes = Record<string, string | number | boolean | null | undefined>;

/** The attributes of one `withGenAIAttributes` scope; `setGenAIAttributes` adds to the innermost one. */
interface Frame {
  readonly own: Record<string, AttributeValue>;
  readonly parent: Frame | undefined;
}

/**
 * Context keys (`createContextKey` is `Symbol.for`: found again when the package is loaded twice). The explicit
 * scopes and the per-client attributes are kept apart because they rank differently (see {@link readAttribution}).
 */
const FRAME = createContextKey('genai-otel attribution');
const CLIENT = createContextKey('genai-otel client attribution');

/** The namespace of keys given without one. */
export const GENAI_OTEL_NAMESPACE = 'genai_otel';

/** The attribute key an attribution key is recorded as: `feature` → `genai_otel.feature`, `user.id` → `user.id`. */
export function attributionKey(key: string): string {
  const trimmed = key.trim();
  return trimmed.includes('.') ? trimmed : `${GENAI_OTEL_NAMESPACE}.${trimmed}`;
}

/**
 * Keys that identify a person: allowed on spans, never a metric dimension (a series per person is unbounded, and a
 * metric backend is no place for personal data). The `user.*` and `enduser.*` conventions, `client.address`, and
 * genai-otel keys named like a user or an e-mail address.
 */
export function isPersonKey(key: string): boolean {
  if (/^(user|enduser)\./.test(key) || key === 'client.address') return true;
  const last = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return /^(user|user_?id|user_?name|username|end_?user|e_?mail|email_?address|person|person_?id|customer_?email)$/.test(last);
}

/** The given attributes with keys normalised and empty values left out. */
export function normalizeAttributes(attributes: GenAIAttributes | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (attributes === null || typeof attributes !== 'object') return out;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || key.trim() === '') continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      diag.debug(`genai-otel: attribution ${key} is not a string, number or boolean; left out`);
      continue;
    }
    out[attributionKey(key)] = value;
  }
  return out;
}

/**
 * Runs `fn` with `attributes` applied to every LLM call made inside it, however deep and across `await`, streams read
 * later and the SDKs' retries (a call takes its attribution when it starts). Nested scopes add to the outer ones (an
 * inner value wins). Returns what `fn` returns.
 *
 * ```ts
 * await withGenAIAttributes({ feature: 'search', team: 'search', tenant: 'acme' }, () => answer(question));
 * ```
 */
export function withGenAIAttributes<T>(attributes: GenAIAttributes, fn: () => T): T {
  const active = context.active();
  const frame: Frame = { own: normalizeAttributes(attributes), parent: active.getValue(FRAME) as Frame | undefined };
  return context.with(active.setValue(FRAME, frame), fn);
}

let warnedNoScope = false;

/**
 * Adds `attributes` to the innermost {@link withGenAIAttributes} scope: calls started afterwards inside that scope
 * carry them (calls already started keep what they had). For what is learned mid-request, e.g. the user after
 * authentication. Outside any scope there is nothing to add to: returns `false` (and says so once through `diag`).
 */
export function setGenAIAttributes(attributes: GenAIAttributes): boolean {
  const frame = context.active().getValue(FRAME) as Frame | undefined;
  if (frame === undefined) {
    if (!warnedNoScope) {
      warnedNoScope = true;
      diag.warn(
        'genai-otel: setGenAIAttributes() outside withGenAIAttributes(); the attributes were not applied (wrap the request in withGenAIAttributes, e.g. in a middleware)',
      );
    }
    return false;
  }
  Object.assign(frame.own, normalizeAttributes(attributes));
  return true;
}

/** The attribution set by `withGenAIAttributes` / `setGenAIAttributes` in `ctx` (outer scopes first, inner win). */
export function contextAttributes(ctx: Context = context.active()): Record<string, AttributeValue> {
  const frames: Frame[] = [];
  for (let frame = ctx.getValue(FRAME) as Frame | undefined; frame !== undefined; frame = frame.parent) frames.push(frame);
  const out: Record<string, AttributeValue> = {};
  for (let i = frames.length - 1; i >= 0; i--) Object.assign(out, frames[i]!.own);
  return out;
}

/**
 * `ctx` with per-client attributes added (the ones of `instrumentFetch(fetch, { attributes })`): a client's fetch runs
 * the request in it.
 */
export function withClientAttributes(ctx: Context, attributes: Record<string, AttributeValue>): Context {
  const outer = ctx.getValue(CLIENT) as Record<string, AttributeValue> | undefined;
  return ctx.setValue(CLIENT, outer === undefined ? attributes : { ...outer, ...attributes });
}

/** What attribution reads besides the context: the Baggage keys the app allowlisted. */
export interface AttributionSources {
  /** Baggage entry names to read (as sent upstream); each recorded under {@link attributionKey} of its name. */
  baggageKeys: readonly string[];
}

/**
 * Every attribution attribute of a call starting in `ctx`. Lowest to highest rank: allowlisted Baggage entries
 * (attribution an upstream service propagated), the client's static attributes, then the `withGenAIAttributes`
 * scopes, innermost last.
 */
export function readAttribution(ctx: Context, sources: AttributionSources): Attributes {
  const out: Attributes = {};
  if (sources.baggageKeys.length > 0) {
    const baggage = propagation.getBaggage(ctx);
    if (baggage !== undefined) {
      for (const key of sources.baggageKeys) {
        const value = baggage.getEntry(key)?.value;
        if (value !== undefined && value !== '') out[attributionKey(key)] = value;
      }
    }
  }
  const client = ctx.getValue(CLIENT) as Record<string, AttributeValue> | undefined;
  if (client !== undefined) Object.assign(out, client);
  Object.assign(out, contextAttributes(ctx));
  return out;
}

/** The promoted keys of `attributes`, for metrics (uncapped: the metrics cap them). */
export function metricDimensions(attributes: Attributes, metricKeys: readonly string[]): Attributes | undefined {
  let out: Attributes | undefined;
  for (const key of metricKeys) {
    const value = attributes[key];
    if (value === undefined) continue;
    out ??= {};
    out[key] = typeof value === 'string' ? value : String(value);
  }
  return out;
}
