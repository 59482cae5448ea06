import {
  context,
  createContextKey,
  SpanKind,
  trace,
  type Context,
  type DiagLogger,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { Pricer } from '@genai-otel/pricing';
import type { ResolvedConfig } from '../config.js';
import type { CallRecord } from '../record/call-record.js';
import { metricAttributes } from '../record/call-record.js';
import { priceCall } from '../record/cost.js';
import type { GenAIMetrics } from '../record/metrics.js';
import { endSpan } from '../record/span.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../semconv.js';
import type { FetchFunction, FetchInput } from '../types.js';
import { detectProvider } from '../wire/provider-hosts.js';
import type { EventAction, ParsedRequest, ParsedResponse, WireFormat } from '../wire/types.js';
import { WIRE_FORMATS } from '../wire/wire-formats.js';
import { ERROR_TYPES, errorTypeFromException, errorTypeFromStatus, type FailureContext } from './error-type.js';
import { readRequestBody } from './request-body.js';
import { tapStream, type StreamEnd } from './stream-tap.js';

/** What the capture layer needs from the instrumentation, looked up on every call. */
export interface CaptureRuntime {
  readonly tracer: Tracer;
  readonly metrics: GenAIMetrics;
  readonly config: ResolvedConfig;
  readonly diag: DiagLogger;
  /** Undefined when cost is turned off (or the price table could not be loaded). */
  readonly pricer: Pricer | undefined;
}

/** Marks the fetch functions this module returns, so nothing is instrumented twice. */
const INSTRUMENTED = Symbol.for('genai-otel.instrumented-fetch');
/** Set in the context of the inner fetch call, so a nested instrumented fetch passes straight through. */
const CAPTURING = createContextKey('genai-otel capturing');

export function isInstrumentedFetch(fetch: unknown): boolean {
  return typeof fetch === 'function' && INSTRUMENTED in fetch;
}

/**
 * Wraps a `fetch`: requests that a wire module recognises become GenAI calls (span, metrics); every
 * other request goes to `original` untouched, its body never read. Whatever happens inside the
 * instrumentation, the caller gets what `original` gave (the same response, or the same error).
 */
export function createInstrumentedFetch(original: FetchFunction, runtime: () => CaptureRuntime | undefined): FetchFunction {
  if (isInstrumentedFetch(original)) return original;
  const instrumented = async function fetch(input: FetchInput, init?: RequestInit): Promise<Response> {
    const current = runtime();
    if (current === undefined || context.active().getValue(CAPTURING) === true) return original(input, init);
    let call: Call | undefined;
    try {
      call = await prepareCall(current, input, init);
    } catch (error) {
      current.diag.error('genai-otel: could not read an LLM request; it is sent uninstrumented', error);
    }
    if (call === undefined) return original(input, init);
    return call.run(original);
  };
  Object.defineProperty(instrumented, INSTRUMENTED, { value: true });
  return instrumented as FetchFunction;
}

async function prepareCall(runtime: CaptureRuntime, input: FetchInput, init: RequestInit | undefined): Promise<Call | undefined> {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = URL.canParse(href) ? new URL(href) : undefined;
  if (url === undefined) return undefined;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  const wire = WIRE_FORMATS.find((format) => format.matches(method, url.pathname));
  if (wire === undefined) return undefined;

  const bodyText = await readRequestBody(input, init, runtime.config.maxRequestBodyBytes);
  if (bodyText === undefined) {
    runtime.diag.debug(`genai-otel: ${wire.name} request without a readable JSON body (or above maxRequestBodyBytes); not instrumented`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    runtime.diag.debug(`genai-otel: ${wire.name} request body is not JSON; not instrumented`);
    return undefined;
  }
  const request = wire.parseRequest(json, bodyText, { injectStreamUsage: runtime.config.injectStreamUsage }, url);
  if (request === undefined) return undefined;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const provider = detectProvider(url.hostname, port, runtime.config.providerHosts, wire.defaultProvider(url) ?? runtime.config.defaultProviderName);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  const timeoutHeader = headers.get('x-stainless-timeout');
  return new Call(runtime, wire, request, input, init, {
    provider,
    serverAddress: url.hostname,
    serverPort: port,
    sdkTimeoutSeconds: timeoutHeader !== null && timeoutHeader !== '' && Number.isFinite(Number(timeoutHeader)) ? Number(timeoutHeader) : undefined,
  });
}

interface CallTarget {
  provider: string;
  serverAddress: string;
  serverPort: number;
  sdkTimeoutSeconds: number | undefined;
}

/** One recognised LLM request, from span start to the single end of its span. */
class Call {
  private span: Span | undefined;
  private startedAt = 0;
  private firstChunkAt: number | undefined;
  private lastChunkAt = 0;
  private ended = false;
  private httpStatus: number | undefined;
  private removeAbortListener: (() => void) | undefined;

  constructor(
    private readonly runtime: CaptureRuntime,
    private readonly wire: WireFormat,
    private readonly request: ParsedRequest,
    private readonly input: FetchInput,
    private readonly init: RequestInit | undefined,
    private readonly target: CallTarget,
  ) {}

  async run(original: FetchFunction): Promise<Response> {
    let fetchContext: Context;
    let args: [FetchInput, RequestInit | undefined];
    try {
      fetchContext = this.start();
      args = this.requestArguments();
    } catch (error) {
      this.runtime.diag.error('genai-otel: could not start a span; the request is sent uninstrumented', error);
      this.span?.end();
      return original(this.input, this.init);
    }
    let response: Response;
    try {
      response = await context.with(fetchContext, () => original(args[0], args[1]));
    } catch (error) {
      this.fail(error, 'request');
      throw error;
    }
    try {
      return this.onResponse(response);
    } catch (error) {
      this.runtime.diag.error('genai-otel: could not read an LLM response', error);
      this.finish({ response: undefined, errorType: undefined, errorMessage: undefined });
      return response;
    }
  }

  private start(): Context {
    const { request, target } = this;
    const name = request.model === undefined ? request.operation : `${request.operation} ${request.model}`;
    const attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: request.operation,
      [ATTR_GEN_AI_PROVIDER_NAME]: target.provider,
      ...(request.model === undefined ? {} : { [ATTR_GEN_AI_REQUEST_MODEL]: request.model }),
      [ATTR_SERVER_ADDRESS]: target.serverAddress,
      [ATTR_SERVER_PORT]: target.serverPort,
      ...request.attributes,
    };
    const parent = context.active();
    this.span = this.runtime.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
    this.startedAt = performance.now();
    return trace.setSpan(parent, this.span).setValue(CAPTURING, true);
  }

  /** The caller's arguments, with the rewritten body when the request was changed. */
  private requestArguments(): [FetchInput, RequestInit | undefined] {
    const body = this.request.rewrittenBody;
    if (body === undefined) return [this.input, this.init];
    if (this.input instanceof Request && this.init?.body === undefined) {
      const headers = new Headers(this.input.headers);
      headers.delete('content-length');
      return [new Request(this.input, { ...this.init, body, headers }), undefined];
    }
    const init: RequestInit = { ...this.init, body };
    if (this.init?.headers !== undefined) {
      const headers = new Headers(this.init.headers);
      headers.delete('content-length');
      init.headers = headers;
    }
    return [this.input, init];
  }

  private onResponse(response: Response): Response {
    this.httpStatus = response.status;
    if (response.status >= 400) {
      this.finish({ response: undefined, errorType: errorTypeFromStatus(response.status), errorMessage: `HTTP ${response.status}` });
      return response;
    }
    const body = response.body;
    if (body === null) {
      this.finish({ response: undefined, errorType: undefined, errorMessage: undefined });
      return response;
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('text/event-stream')) return this.onStream(response, body);
    this.readJsonBody(response.clone());
    return response;
  }

  /** Non-streaming: parse a copy in the background; the caller's response is returned untouched. */
  private readJsonBody(copy: Response): void {
    readCapped(copy, this.runtime.config.maxResponseBodyBytes).then(
      (text) => {
        if (text === undefined) {
          this.runtime.diag.warn('genai-otel: response body above maxResponseBodyBytes; span ends without usage');
          this.finish({ response: undefined, errorType: undefined, errorMessage: undefined });
          return;
        }
        let parsed: ParsedResponse;
        try {
          parsed = this.wire.parseResponse(JSON.parse(text));
        } catch {
          this.runtime.diag.warn(`genai-otel: ${this.wire.name} response is not valid JSON`);
          this.finish({ response: undefined, errorType: ERROR_TYPES.invalidResponse, errorMessage: 'response body is not valid JSON' });
          return;
        }
        this.finish({
          response: parsed,
          errorType: parsed.errorType ?? (parsed.malformed ? ERROR_TYPES.invalidResponse : undefined),
          errorMessage: parsed.errorType !== undefined ? 'the provider reported an error' : parsed.malformed ? `response is not a ${this.wire.name} body` : undefined,
        });
      },
      (error: unknown) => this.fail(error, 'body'),
    );
  }

  private onStream(response: Response, body: ReadableStream<Uint8Array>): Response {
    const parser = this.wire.createStreamParser(this.request);
    let gapAttributes: ReturnType<typeof metricAttributes> | undefined;
    const onEvent = (data: string | undefined): EventAction => {
      if (data === undefined) return PASS;
      const action = parser.onEvent(data);
      if (action.output) {
        const now = performance.now();
        if (this.firstChunkAt === undefined) {
          this.firstChunkAt = now;
        } else {
          gapAttributes ??= metricAttributes({ ...this.request, ...this.target, requestModel: this.request.model }, parser.result().model);
          this.runtime.metrics.recordChunkGap(gapAttributes, (now - this.lastChunkAt) / 1000);
        }
        this.lastChunkAt = now;
      }
      return action;
    };
    const onEnd = (end: StreamEnd): void => {
      const result = parser.result();
      // SDKs cancel the body once they have read the end marker (`[DONE]`): that is a complete stream.
      if (end.kind === 'complete' || result.complete) {
        this.finish({
          response: result,
          errorType: result.errorType ?? (result.malformed ? ERROR_TYPES.invalidResponse : undefined),
          errorMessage:
            result.errorType !== undefined
              ? 'the provider reported an error in the stream'
              : result.malformed
                ? `stream carried events that are not ${this.wire.name} chunks`
                : undefined,
        });
      } else if (end.kind === 'cancel' && !result.malformed) {
        this.finish({ response: result, errorType: ERROR_TYPES.aborted, errorMessage: 'stream cancelled by the caller' });
      } else {
        this.fail(end.kind === 'error' ? end.error : end.reason, 'body', result);
      }
    };
    const tapped = tapStream(body, { edits: this.request.usageInjected, onEvent: (event) => onEvent(event.data), onEnd });
    this.watchAbort(() => onEnd({ kind: 'error', error: abortReason(this.signal()) }));
    const wrapped = new Response(tapped, { status: response.status, statusText: response.statusText, headers: response.headers });
    for (const key of ['url', 'redirected', 'type'] as const) {
      Object.defineProperty(wrapped, key, { value: response[key], enumerable: true });
    }
    return wrapped;
  }

  /**
   * SDKs stop a stream early (a `break` out of `for await`) by aborting the request's signal; the
   * body may never be read again, so the span ends on the abort itself.
   */
  private watchAbort(onAbort: () => void): void {
    const signal = this.signal();
    if (!signal || this.ended) return;
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    this.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
  }

  private signal(): AbortSignal | undefined {
    return this.init?.signal ?? (this.input instanceof Request ? this.input.signal : undefined);
  }

  private fail(error: unknown, phase: FailureContext['phase'], partial?: ParsedResponse): void {
    if (partial?.malformed) {
      // The SDK gives up on a stream it cannot parse (and aborts it): the cause is the bad event.
      this.finish({ response: partial, errorType: ERROR_TYPES.invalidResponse, errorMessage: `stream carried events that are not ${this.wire.name} chunks` });
      return;
    }
    const errorType = errorTypeFromException(error, {
      phase,
      elapsedMs: performance.now() - this.startedAt,
      sdkTimeoutSeconds: this.target.sdkTimeoutSeconds,
    });
    this.finish({ response: partial, errorType, errorMessage: errorMessage(error) });
  }

  /** Ends the span and records the metrics, exactly once per call. */
  private finish(outcome: Pick<CallRecord, 'response' | 'errorType' | 'errorMessage'>): void {
    if (this.ended) return;
    this.ended = true;
    this.removeAbortListener?.();
    const span = this.span;
    if (!span) return;
    try {
      const now = performance.now();
      const base: Omit<CallRecord, 'cost'> = {
        operation: this.request.operation,
        provider: this.target.provider,
        requestModel: this.request.model,
        serverAddress: this.target.serverAddress,
        serverPort: this.target.serverPort,
        stream: this.request.stream,
        metrics: this.wire.metrics,
        usageFormat: this.wire.usageFormat,
        durationSeconds: (now - this.startedAt) / 1000,
        timeToFirstChunkSeconds: this.firstChunkAt === undefined ? undefined : (this.firstChunkAt - this.startedAt) / 1000,
        httpStatus: this.httpStatus,
        ...outcome,
      };
      const pricer = this.runtime.pricer;
      const record: CallRecord = { ...base, cost: pricer ? priceCall(pricer, base, new Date()) : undefined };
      this.runtime.metrics.recordCall(record);
      endSpan(span, record);
    } catch (error) {
      this.runtime.diag.error('genai-otel: failed to record a call', error);
      span.end();
    }
  }
}

const PASS: EventAction = { kind: 'pass', output: false };

/** Reads a body as text, or `undefined` (the rest drained unread) when it exceeds `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const decoder = new TextDecoder();
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** A short description of a failure for the span status; never a body, header or URL query. */
function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return String(error).slice(0, 200);
}
