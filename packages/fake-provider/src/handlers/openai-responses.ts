import { deliveredUsage } from '../delivered-usage.js';
import { createExchange } from '../exchange.js';
import type { RequestSummary, Route, RouteContext } from '../route.js';
import { DEFAULT_MAX_COMPLETION_TOKENS } from '../tokens.js';
import { deliveryOptionsFor, sendBody, sendEventStream } from '../transport.js';
import type { OpenAIResponsesUsage, ServedOpenAIResponsesCall } from '../types.js';
import { USAGE_OVERRIDE_HEADER, parseUsageOverride } from '../usage-override.js';
import { OPENAI_EVENT_STREAM, openAIResponseHeaders, rateLimitError, serverError, withRequestId, type OpenAIErrorDetails } from '../wire/openai-errors.js';
import { buildOpenAIResponse, openAIResponsesStreamEventCount, openAIResponsesStreamEvents, planOpenAIResponse } from '../wire/openai-responses.js';
import { parseOpenAIResponsesRequest } from '../wire/openai-responses-request.js';
import { headerValue, ledgerBase, resolveFault, type ResolvedFault } from './common.js';
import { rejectOpenAIRequest } from './openai-reject.js';

/** `POST …/responses` (any prefix). */
export const openAIResponsesRoute: Route = {
  method: 'POST',
  matches: (path) => path.endsWith('/responses'),
  handle: handleOpenAIResponses,
};

function ledgerEntry(
  context: RouteContext,
  summary: RequestSummary,
  status: number,
  resolved: Partial<ResolvedFault>,
  usage: OpenAIResponsesUsage | undefined,
): ServedOpenAIResponsesCall {
  const call: ServedOpenAIResponsesCall = { api: 'openai.responses', ...ledgerBase(context, summary, status, resolved) };
  if (usage !== undefined) call.usage = usage;
  return call;
}

function rejectRequest(context: RouteContext, summary: RequestSummary, details: OpenAIErrorDetails, attempt?: number): Promise<void> {
  return rejectOpenAIRequest(context, details, (status) => ledgerEntry(context, summary, status, { attempt }, undefined));
}

async function handleOpenAIResponses(context: RouteContext): Promise<void> {
  const startedAt = performance.now();
  const parsed = parseOpenAIResponsesRequest(context.body);
  if (!parsed.ok) return rejectRequest(context, parsed.summary, parsed.error);
  const { request } = parsed;
  const summary: RequestSummary = { model: request.model, stream: request.stream, includeUsage: request.stream };
  const faultResult = resolveFault(context, { modelFaultSpec: request.modelFaultSpec, stream: request.stream });
  if (!faultResult.ok) {
    const { message, param } = faultResult.problem;
    return rejectRequest(context, summary, { message, param, code: 'invalid_value' });
  }
  const resolved = faultResult.value;
  const { fault } = resolved;
  const override = parseUsageOverride(headerValue(context, USAGE_OVERRIDE_HEADER) ?? '');
  const invalidUsage = (message: string): OpenAIErrorDetails => ({
    message,
    param: USAGE_OVERRIDE_HEADER,
    code: 'invalid_value',
  });
  if (!override.ok) return rejectRequest(context, summary, invalidUsage(override.message), resolved.attempt);
  const planned = planOpenAIResponse(request, override.override, context.now());
  if (!planned.ok) return rejectRequest(context, summary, invalidUsage(planned.message), resolved.attempt);
  const { plan } = planned;

  const finalEvent = openAIResponsesStreamEventCount(plan) - 1;
  const exchange = createExchange(context.res, (delivery) => {
    const usage = deliveredUsage(
      delivery,
      request.stream ? { stream: true, checkpoints: [{ events: [finalEvent], usage: plan.usage }] } : { stream: false, usage: plan.usage },
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
      return;
    default:
      break;
  }

  const budget = plan.usage.input_tokens + (request.maxOutputTokens ?? DEFAULT_MAX_COMPLETION_TOKENS);
  const headers = openAIResponseHeaders(startedAt, budget);
  const deliveryOptions = deliveryOptionsFor(fault);
  if (request.stream) {
    const events = openAIResponsesStreamEvents(plan, { includeObfuscation: request.includeObfuscation });
    return sendEventStream(exchange, { status: 200, headers: { ...headers, 'content-type': OPENAI_EVENT_STREAM }, events }, deliveryOptions);
  }
  return sendBody(exchange, { status: 200, headers, body: buildOpenAIResponse(plan) }, deliveryOptions);
}
