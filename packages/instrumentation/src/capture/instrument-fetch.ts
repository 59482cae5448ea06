import { context } from '@opentelemetry/api';
import { readAttribution } from '../attribution/attribution.js';
import type { FetchFunction, FetchInput } from '../types.js';
import { detectProvider } from '@genai-otel/providers';
import type { ProviderApi } from '@genai-otel/providers';
import { PROVIDER_APIS } from '@genai-otel/providers';
import { Attempt, CURRENT_ATTEMPT, type AttemptRequest } from './attempt.js';
import type { CaptureRuntime } from './capture-runtime.js';
import { guardFallbackOf, type GuardFallback } from './guard-fallbacks.js';
import { Operation } from './operation.js';
import { OperationScope } from './operation-scope.js';
import { readRequestBody } from './request-body.js';
import { requestHeader } from './request-headers.js';

export type { CaptureRuntime } from './capture-runtime.js';

/** Marks the fetch functions this module returns, so nothing is instrumented twice. */
const INSTRUMENTED = Symbol.for('genai-otel.instrumented-fetch');

export function isInstrumentedFetch(fetch: unknown): boolean {
  return typeof fetch === 'function' && INSTRUMENTED in fetch;
}

/**
 * Wraps a `fetch`: requests that a provider API module recognises become GenAI operations (span, metrics);
 * every other request goes to `original` untouched, its body never read. Whatever happens inside the
 * instrumentation, the caller gets what `original` gave (the same response, or the same error).
 */
export function createInstrumentedFetch(original: FetchFunction, runtime: () => CaptureRuntime | undefined): FetchFunction {
  if (isInstrumentedFetch(original)) return original;
  const instrumented = async function fetch(input: FetchInput, init?: RequestInit): Promise<Response> {
    const current = runtime();
    if (current === undefined || context.active().getValue(CURRENT_ATTEMPT) !== undefined) return original(input, init);
    let attempt: Attempt | undefined;
    try {
      const found = attemptFor(current, input, init);
      attempt = found instanceof Promise ? await found : found;
    } catch (error) {
      current.diag.error('genai-otel: could not read an LLM request; it is sent uninstrumented', error);
    }
    if (attempt === undefined) return original(input, init);
    return attempt.run(original);
  };
  Object.defineProperty(instrumented, INSTRUMENTED, { value: true });
  return instrumented as FetchFunction;
}

/**
 * The attempt of an LLM request about to be sent, or undefined when it is not one. Read synchronously when the
 * body is at hand (a string or bytes, as the SDKs send it). A request a guard above sent to its fallback is
 * recorded as a call to the primary (its provider and `server.*`), redirected.
 */
function attemptFor(runtime: CaptureRuntime, input: FetchInput, init: RequestInit | undefined): Attempt | undefined | Promise<Attempt | undefined> {
  const call = recognise(input, init);
  if (call === undefined) return undefined;
  const fallback = guardFallbackOf(init);
  const body = readRequestBody(input, init, runtime.config.maxRequestBodyBytes);
  if (body instanceof Promise) return body.then((text) => prepareAttempt(runtime, call, input, init, text, fallback));
  return prepareAttempt(runtime, call, input, init, body, fallback);
}

/**
 * The attempt of a request that a guard above the fetch wrapper did not send (it turned the call away, or the
 * caller aborted it while it waited): in the context the guard was called in, so it joins the call's operation.
 */
export function attemptForUnsentRequest(
  runtime: CaptureRuntime,
  input: FetchInput,
  init: RequestInit | undefined,
): Attempt | undefined | Promise<Attempt | undefined> {
  if (context.active().getValue(CURRENT_ATTEMPT) !== undefined) return undefined;
  return attemptFor(runtime, input, init);
}

/** A request a provider API module recognises, by method and URL. */
interface RecognisedCall {
  url: URL;
  api: ProviderApi;
}

function recognise(input: FetchInput, init: RequestInit | undefined): RecognisedCall | undefined {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = URL.parse(href);
  if (url === null) return undefined;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const api = PROVIDER_APIS.find((format) => format.matches(method, url.pathname));
  return api === undefined ? undefined : { url, api };
}

/**
 * Parses the request and finds its operation: the one of the logical call being made when the request
 * is sent inside an operation scope (an SDK call seen at its request entry point, or
 * `withGenAIOperation`), else a new operation of its own.
 */
function prepareAttempt(
  runtime: CaptureRuntime,
  { url, api }: RecognisedCall,
  input: FetchInput,
  init: RequestInit | undefined,
  bodyText: string | undefined,
  fallback: GuardFallback | undefined,
): Attempt | undefined {
  if (bodyText === undefined) {
    runtime.diag.debug(`genai-otel: ${api.name} request without a readable JSON body (or above maxRequestBodyBytes); not instrumented`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    runtime.diag.debug(`genai-otel: ${api.name} request body is not JSON; not instrumented`);
    return undefined;
  }
  const contentMaxLength = runtime.config.captureMessageContent ? runtime.config.maxContentLength : undefined;
  const request = api.parseRequest(
    json,
    bodyText,
    { injectStreamUsage: runtime.config.injectStreamUsage, ...(contentMaxLength === undefined ? {} : { contentMaxLength }) },
    url,
  );
  if (request === undefined) return undefined;

  const retryCount = nonNegativeNumber(requestHeader(input, init, 'x-stainless-retry-count'));
  const active = context.active();
  const found = OperationScope.of(active);
  const scope = found?.accepts() ? found : undefined;
  let operation = scope?.operation;
  if (operation === undefined) {
    if (scope === undefined && retryCount !== undefined) warnUnhookedSdk(runtime);
    const target = (fallback && primaryUrl(fallback)) ?? url;
    const port = target.port ? Number(target.port) : target.protocol === 'https:' ? 443 : 80;
    const provider = detectProvider(target.hostname, port, runtime.config.providerHosts, api.defaultProvider(target) ?? runtime.config.defaultProviderName);
    // Attribution is read once, as the call starts, from the context the request is made in (the caller's, with
    // the client's static attributes): retries and a stream read later keep it.
    const attribution = readAttribution(active, runtime.config.attribution);
    operation = new Operation(
      runtime,
      api,
      request,
      { provider, serverAddress: target.hostname, serverPort: port },
      scope?.parent ?? active,
      scope,
      attribution,
    );
    // Keyed digests of the request for avoidable spend (README "Avoidable spend"): never its content.
    operation.digests = runtime.avoidableSpend?.digest(api, provider, request, json);
    if (scope !== undefined) scope.operation = operation;
  }
  const attemptRequest: AttemptRequest = {
    input,
    init,
    rewrittenBody: request.rewrittenBody,
    retryCount,
    sdkTimeoutSeconds: nonNegativeNumber(requestHeader(input, init, 'x-stainless-timeout')),
    fallback,
  };
  // The body to send is this attempt's (from its own request, the same for a retry): the attempt drops it once sent,
  // and the operation's facts do not keep it — with the caller's body it is made from, the whole prompt, for as long
  // as a stream is read.
  request.rewrittenBody = undefined;
  return new Attempt(runtime, operation, attemptRequest);
}

/** The URL of the caller's request that a guard redirected to its fallback. */
function primaryUrl({ primary: { input } }: GuardFallback): URL | undefined {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return URL.parse(href) ?? undefined;
}

let warnedUnhooked = false;

/**
 * A request of a Stainless SDK (`openai`, `@anthropic-ai/sdk`) outside any operation scope: the SDK was
 * not hooked (loaded before the instrumentation was enabled, bundled, or imported as ESM without the
 * loader hook), so each of its HTTP attempts is an operation of its own. Said once.
 */
function warnUnhookedSdk(runtime: CaptureRuntime): void {
  if (warnedUnhooked) return;
  warnedUnhooked = true;
  runtime.diag.warn(
    'genai-otel: an openai / @anthropic-ai/sdk request was made outside a hooked SDK call (the SDK was loaded before the instrumentation was enabled, is bundled, or is imported as ESM without the loader hook: use node --import @genai-otel/node/register); each of its HTTP attempts is recorded as an operation of its own',
  );
}

function nonNegativeNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}
