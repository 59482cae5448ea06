import { createExchange } from '../exchange.js';
import { deliveredUsage } from '../delivered-usage.js';
import type { RequestSummary, Route, RouteContext } from '../route.js';
import { DEFAULT_MAX_COMPLETION_TOKENS } from '../tokens.js';
import { deliveryOptionsFor, sendBody, sendEventStream } from '../transport.js';
import type { OpenAIChatUsage, ServedOpenAIChatCall } from '../types.js';
import { USAGE_OVERRIDE_HEADER, parseUsageOverride } from '../usage-override.js';
import {
  buildOpenAIChatCompletion,
  openAIChatStreamEventCount,
  openAIChatStreamEvents,
  planOpenAIChatResponse,
  type OpenAIChatResponsePlan,
} from '../wire/openai-chat.js';
import { parseOpenAIChatRequest, type OpenAIChatRequest } from '../wire/openai-chat-request.js';
import { OPENAI_EVENT_STREAM, openAIResponseHeaders, rateLimitError, serverError, withRequestId, type OpenAIErrorDetails } from '../wire/openai-errors.js';
import { headerValue, ledgerBase, resolveFault, type ResolvedFault } from './common.js';
import { rejectOpenAIRequest } from './openai-reject.js';

/** `POST …/chat/completions`: any prefix, so custom gateway base URLs work. */
export const openAIChatRoute: Route = {
  method: 'POST',
  matches: (path) => path.endsWith('/chat/completions'),
  handle: handleOpenAIChat,
};

function ledgerEntry(
  context: RouteContext,
  summary: RequestSummary,
  status: number,
  resolved: Partial<ResolvedFault>,
  usage: OpenAIChatUsage | undefined,
): ServedOpenAIChatCall {
  const call: ServedOpenAIChatCall = { api: 'openai.chat', ...ledgerBase(context, summary, status, resolved) };
  if (usage !== undefined) call.usage = usage;
  return call;
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: OpenAIErrorDetails };

function invalidValue(message: string, param: string): { ok: false; error: OpenAIErrorDetails } {
  return { ok: false, error: { message, param, code: 'invalid_value' } };
}

/** The response plan, with the `x-fake-usage` override applied. */
function responsePlan(context: RouteContext, request: OpenAIChatRequest): Checked<OpenAIChatResponsePlan> {
  const override = parseUsageOverride(headerValue(context, USAGE_OVERRIDE_HEADER) ?? '');
  if (!override.ok) return invalidValue(override.message, USAGE_OVERRIDE_HEADER);
  const planned = planOpenAIChatResponse(request, override.override, context.now());
  if (!planned.ok) return invalidValue(planned.message, USAGE_OVERRIDE_HEADER);
  return { ok: true, value: planned.plan };
}

/** Answers with a 400 `invalid_request_error` and records it. */
function rejectRequest(context: RouteContext, summary: RequestSummary, details: OpenAIErrorDetails, attempt?: number): Promise<void> {
  return rejectOpenAIRequest(context, details, (status) => ledgerEntry(context, summary, status, { attempt }, undefined));
}

async function handleOpenAIChat(context: RouteContext): Promise<void> {
  const startedAt = performance.now();
  const parsed = parseOpenAIChatRequest(context.body);
  if (!parsed.ok) return rejectRequest(context, parsed.summary, parsed.error);
  const { request } = parsed;
  const summary: RequestSummary = { model: request.model, stream: request.stream, includeUsage: request.includeUsage };
  const faultResult = resolveFault(context, { modelFaultSpec: request.modelFaultSpec, stream: request.stream });
  if (!faultResult.ok) {
    const { message, param } = faultResult.problem;
    return rejectRequest(context, summary, { message, param, code: 'invalid_value' });
  }
  const resolved = faultResult.value;
  const { fault } = resolved;
  const planResult = responsePlan(context, request);
  if (!planResult.ok) return rejectRequest(context, summary, planResult.error, resolved.attempt);
  const plan = planResult.value;

  const usageEvent = openAIChatStreamEventCount(plan, true) - 2;
  const exchange = createExchange(context.res, (delivery) => {
    const usage = deliveredUsage(
      delivery,
      request.stream
        ? { stream: true, checkpoints: request.includeUsage ? [{ events: [usageEvent], usage: plan.usage }] : [] }
        : { stream: false, usage: plan.usage },
    );
    context.record(ledgerEntry(context, summary, delivery.status, resolved, usage));
  });

  switch (fault?.kind) {
    case '429':
      return sendBody(exchange, withRequestId(rateLimitError(request.model, fault)));
    case '500':
    case '503':
      return sendBody(exchange, withRequestId(serverError(fault.kind === '500' ? 500 : 503)));
    case 'hang':
      // Send nothing: the exchange settles with status 0 when the socket closes.
      return;
    default:
      break;
  }

  const budget = plan.usage.prompt_tokens + (request.maxCompletionTokens ?? DEFAULT_MAX_COMPLETION_TOKENS) * request.n;
  const headers = openAIResponseHeaders(startedAt, budget);
  const deliveryOptions = deliveryOptionsFor(fault);
  if (request.stream) {
    const events = openAIChatStreamEvents(plan, { includeUsage: request.includeUsage, includeObfuscation: request.includeObfuscation });
    return sendEventStream(exchange, { status: 200, headers: { ...headers, 'content-type': OPENAI_EVENT_STREAM }, events }, deliveryOptions);
  }
  return sendBody(exchange, { status: 200, headers, body: buildOpenAIChatCompletion(plan) }, deliveryOptions);
}
