import { randomBytes } from 'node:crypto';
import { createExchange, type Delivery } from '../exchange.js';
import { FAULT_HEADER, parseFaultSpec } from '../faults.js';
import type { Route, RouteContext } from '../route.js';
import { DEFAULT_MAX_COMPLETION_TOKENS } from '../tokens.js';
import { deliveryOptionsFor, sendBody, sendEventStream } from '../transport.js';
import type { FaultSpec, OpenAIChatUsage, ServedCall } from '../types.js';
import { USAGE_OVERRIDE_HEADER, parseUsageOverride } from '../usage-override.js';
import {
  buildOpenAIChatCompletion,
  openAIChatStreamEventCount,
  openAIChatStreamEvents,
  planOpenAIChatResponse,
  type OpenAIChatResponsePlan,
} from '../wire/openai-chat.js';
import {
  parseOpenAIChatRequest,
  type OpenAIChatRequest,
  type OpenAIChatRequestSummary,
} from '../wire/openai-chat-request.js';
import {
  invalidRequestError,
  rateLimitError,
  rateLimitHeaders,
  serverError,
  type OpenAIErrorDetails,
  type OpenAIErrorResponse,
} from '../wire/openai-errors.js';

/** `POST …/chat/completions`: any prefix, so custom gateway base URLs work. */
export const openAIChatRoute: Route = {
  method: 'POST',
  matches: (path) => path.endsWith('/chat/completions'),
  handle: handleOpenAIChat,
};

function headerValue(context: RouteContext, name: string): string | undefined {
  const value = context.req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function ledgerEntry(
  context: RouteContext,
  summary: OpenAIChatRequestSummary,
  status: number,
  fault: FaultSpec | undefined,
  usage: OpenAIChatUsage | undefined,
): ServedCall {
  const call: ServedCall = { api: 'openai.chat', path: context.path, ...summary, status };
  if (fault !== undefined) call.fault = fault.kind;
  if (usage !== undefined) call.usage = usage;
  return call;
}

/** Why a fault cannot apply to this kind of request, if it cannot. */
function streamingMismatch(fault: FaultSpec, stream: boolean): string | undefined {
  if (fault.kind === 'malformed-sse' && !stream) return "Fault 'malformed-sse' applies to streamed requests only.";
  if (fault.kind === 'malformed-json' && stream) return "Fault 'malformed-json' applies to non-streamed requests only.";
  return undefined;
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: OpenAIErrorDetails };

function invalidValue(message: string, param: string): { ok: false; error: OpenAIErrorDetails } {
  return { ok: false, error: { message, param, code: 'invalid_value' } };
}

/** The fault asked for by the `x-fake-fault` header, else by a `+fault=` model suffix. */
function requestedFault(context: RouteContext, request: OpenAIChatRequest): Checked<FaultSpec | undefined> {
  const headerFault = headerValue(context, FAULT_HEADER);
  const spec = headerFault ?? request.modelFaultSpec;
  if (spec === undefined) return { ok: true, value: undefined };
  const param = headerFault === undefined ? 'model' : FAULT_HEADER;
  const parsed = parseFaultSpec(spec);
  if (!parsed.ok) return invalidValue(parsed.message, param);
  const mismatch = streamingMismatch(parsed.fault, request.stream);
  if (mismatch !== undefined) return invalidValue(mismatch, param);
  return { ok: true, value: parsed.fault };
}

/** The response plan, with the `x-fake-usage` override applied. */
function responsePlan(context: RouteContext, request: OpenAIChatRequest): Checked<OpenAIChatResponsePlan> {
  const override = parseUsageOverride(headerValue(context, USAGE_OVERRIDE_HEADER) ?? '');
  if (!override.ok) return invalidValue(override.message, USAGE_OVERRIDE_HEADER);
  const planned = planOpenAIChatResponse(request, override.override, context.now());
  if (!planned.ok) return invalidValue(planned.message, USAGE_OVERRIDE_HEADER);
  return { ok: true, value: planned.plan };
}

/** A fresh `x-request-id` value, as OpenAI sends on every response. */
function requestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** Adds `x-request-id` to an error response. */
function withRequestId(response: OpenAIErrorResponse): OpenAIErrorResponse {
  return { ...response, headers: { 'x-request-id': requestId(), ...response.headers } };
}

/** Answers with a 400 `invalid_request_error` and records it. */
async function rejectRequest(
  context: RouteContext,
  summary: OpenAIChatRequestSummary,
  details: OpenAIErrorDetails,
): Promise<void> {
  const exchange = createExchange(context.res, (delivery) =>
    context.record(ledgerEntry(context, summary, delivery.status, undefined, undefined)),
  );
  await sendBody(exchange, withRequestId(invalidRequestError(details)));
}

async function handleOpenAIChat(context: RouteContext): Promise<void> {
  const startedAt = performance.now();
  const parsed = parseOpenAIChatRequest(context.body);
  if (!parsed.ok) return rejectRequest(context, parsed.summary, parsed.error);
  const { request } = parsed;
  const summary: OpenAIChatRequestSummary = {
    model: request.model,
    stream: request.stream,
    includeUsage: request.includeUsage,
  };
  const faultResult = requestedFault(context, request);
  if (!faultResult.ok) return rejectRequest(context, summary, faultResult.error);
  const fault = faultResult.value;
  const planResult = responsePlan(context, request);
  if (!planResult.ok) return rejectRequest(context, summary, planResult.error);
  const plan = planResult.value;

  const usageEventIndex = request.includeUsage ? openAIChatStreamEventCount(plan, true) - 2 : -1;
  const usageSent = (delivery: Delivery): boolean =>
    delivery.status === 200 &&
    (request.stream
      ? request.includeUsage && delivery.eventsWritten > usageEventIndex && delivery.corruptedEvent !== usageEventIndex
      : delivery.complete);
  const exchange = createExchange(context.res, (delivery) =>
    context.record(
      ledgerEntry(context, summary, delivery.status, fault, usageSent(delivery) ? plan.usage : undefined),
    ),
  );

  switch (fault?.kind) {
    case '429':
      return sendBody(exchange, withRequestId(rateLimitError(request.model, fault.retryAfterSeconds)));
    case '500':
    case '503':
      return sendBody(exchange, withRequestId(serverError(fault.kind === '500' ? 500 : 503)));
    case 'hang':
      // Send nothing: the exchange settles with status 0 when the socket closes.
      return;
    default:
      break;
  }

  const deliveryOptions = deliveryOptionsFor(fault);
  const budget = plan.usage.prompt_tokens + (request.maxCompletionTokens ?? DEFAULT_MAX_COMPLETION_TOKENS) * request.n;
  const headers = {
    'x-request-id': requestId(),
    'openai-version': '2020-10-01',
    'openai-processing-ms': String(Math.round(performance.now() - startedAt)),
    ...rateLimitHeaders(budget),
  };
  if (request.stream) {
    return sendEventStream(
      exchange,
      { status: 200, headers, events: openAIChatStreamEvents(plan, request.includeUsage) },
      deliveryOptions,
    );
  }
  return sendBody(exchange, { status: 200, headers, body: buildOpenAIChatCompletion(plan) }, deliveryOptions);
}
