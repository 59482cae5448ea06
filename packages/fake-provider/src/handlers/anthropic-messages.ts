import { deliveredUsage } from '../delivered-usage.js';
import { createExchange } from '../exchange.js';
import type { RequestSummary, Route, RouteContext } from '../route.js';
import { deliveryOptionsFor, sendBody, sendEventStream } from '../transport.js';
import type { AnthropicMessagesUsage, ServedAnthropicMessagesCall } from '../types.js';
import { USAGE_OVERRIDE_HEADER, USAGE_OVERRIDE_KEYS, parseUsageOverrideFor } from '../usage-override.js';
import {
  anthropicInvalidRequest,
  anthropicOverloadedError,
  anthropicRateLimitError,
  anthropicRateLimitHeaders,
  anthropicRequestId,
  anthropicServerError,
} from '../wire/anthropic-errors.js';
import { anthropicStartUsage, anthropicStreamEvents, anthropicStreamLayout, buildAnthropicMessage, planAnthropicMessage } from '../wire/anthropic-messages.js';
import { parseAnthropicMessagesRequest } from '../wire/anthropic-messages-request.js';
import { headerValue, ledgerBase, resolveFault, retryAfterHeaders, type ResolvedFault } from './common.js';

/** `POST …/v1/messages` (any prefix, e.g. `/anthropic/v1/messages` behind a gateway). */
export const anthropicMessagesRoute: Route = {
  method: 'POST',
  matches: (path) => path.endsWith('/v1/messages'),
  handle: handleAnthropicMessages,
};

function ledgerEntry(
  context: RouteContext,
  summary: RequestSummary,
  status: number,
  resolved: Partial<ResolvedFault>,
  usage: AnthropicMessagesUsage | undefined,
): ServedAnthropicMessagesCall {
  const call: ServedAnthropicMessagesCall = {
    api: 'anthropic.messages',
    ...ledgerBase(context, summary, status, resolved),
  };
  if (usage !== undefined) call.usage = usage;
  return call;
}

/** Answers with a 400 `invalid_request_error` and records it. */
async function rejectRequest(context: RouteContext, summary: RequestSummary, message: string, attempt?: number): Promise<void> {
  const exchange = createExchange(context.res, (delivery) => context.record(ledgerEntry(context, summary, delivery.status, { attempt }, undefined)));
  await sendBody(exchange, anthropicInvalidRequest(message));
}

async function handleAnthropicMessages(context: RouteContext): Promise<void> {
  const parsed = parseAnthropicMessagesRequest(context.body);
  if (!parsed.ok) return rejectRequest(context, parsed.summary, parsed.message);
  const { request } = parsed;
  const summary: RequestSummary = { model: request.model, stream: request.stream, includeUsage: request.stream };
  const faultResult = resolveFault(context, {
    modelFaultSpec: request.modelFaultSpec,
    stream: request.stream,
    statusKinds: ['429', '500', '503', '529'],
  });
  if (!faultResult.ok) return rejectRequest(context, summary, `${faultResult.problem.param}: ${faultResult.problem.message}`);
  const resolved = faultResult.value;
  const { fault } = resolved;
  const override = parseUsageOverrideFor(headerValue(context, USAGE_OVERRIDE_HEADER) ?? '', USAGE_OVERRIDE_KEYS['anthropic.messages']);
  if (!override.ok) return rejectRequest(context, summary, `${USAGE_OVERRIDE_HEADER}: ${override.message}`, resolved.attempt);
  const planned = planAnthropicMessage(request, override.override);
  if (!planned.ok) return rejectRequest(context, summary, planned.message, resolved.attempt);
  const { plan } = planned;

  const layout = anthropicStreamLayout(plan);
  const exchange = createExchange(context.res, (delivery) => {
    const usage = deliveredUsage(
      delivery,
      request.stream
        ? {
            stream: true,
            checkpoints: [
              { events: [layout.messageStart], usage: anthropicStartUsage(plan) },
              { events: [layout.messageStart, layout.messageDelta], usage: plan.usage },
            ],
          }
        : { stream: false, usage: plan.usage },
    );
    context.record(ledgerEntry(context, summary, delivery.status, resolved, usage));
  });

  const now = context.now();
  switch (fault?.kind) {
    case '429':
      return sendBody(exchange, anthropicRateLimitError(now, retryAfterHeaders(fault), fault.retryAfterSeconds));
    case '529':
      return sendBody(exchange, anthropicOverloadedError(retryAfterHeaders(fault)));
    case '500':
    case '503':
      return sendBody(exchange, anthropicServerError(fault.kind === '500' ? 500 : 503));
    case 'hang':
      return;
    default:
      break;
  }

  const headers = {
    'request-id': anthropicRequestId(),
    ...anthropicRateLimitHeaders(now, {
      inputTokens: plan.usage.input_tokens + plan.usage.cache_creation_input_tokens,
      maxTokens: request.maxTokens,
    }),
  };
  const deliveryOptions = deliveryOptionsFor(fault);
  if (request.stream) {
    return sendEventStream(
      exchange,
      {
        status: 200,
        headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8' },
        events: anthropicStreamEvents(plan),
      },
      deliveryOptions,
    );
  }
  return sendBody(exchange, { status: 200, headers, body: buildAnthropicMessage(plan) }, deliveryOptions);
}
