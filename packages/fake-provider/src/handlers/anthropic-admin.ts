// `GET …/v1/organizations/usage_report/messages` and `GET …/v1/organizations/cost_report`: Anthropic's
// Admin API usage and cost reports, answered from the Messages calls this server served. Admin keys
// only (`x-api-key: sk-ant-admin…`), status faults (429, 500, 503, 529) and the transport faults by
// `x-fake-fault`, as on the Messages route.
import { anthropicBilledCalls, billingPricer, requestKey } from '../billing.js';
import { createExchange } from '../exchange.js';
import type { Route, RouteContext } from '../route.js';
import { deliveryOptionsFor, sendBody } from '../transport.js';
import {
  anthropicAuthenticationError,
  anthropicInvalidRequest,
  anthropicOverloadedError,
  anthropicRateLimitError,
  anthropicRequestId,
  anthropicServerError,
} from '../wire/anthropic-errors.js';
import { anthropicCostReport, anthropicUsageReport, parseAnthropicReportQuery } from '../wire/anthropic-usage.js';
import { headerValue, resolveFault, retryAfterHeaders } from './common.js';

/** What the fake accepts as an Anthropic admin key. */
export const ANTHROPIC_ADMIN_KEY_PREFIX = 'sk-ant-admin';

const USAGE_PATH = '/v1/organizations/usage_report/messages';
const COST_PATH = '/v1/organizations/cost_report';

/** The two report paths (any prefix). */
export const anthropicAdminRoute: Route = {
  method: 'GET',
  matches: (path) => path.endsWith(USAGE_PATH) || path.endsWith(COST_PATH),
  handle: handleAnthropicAdmin,
};

async function handleAnthropicAdmin(context: RouteContext): Promise<void> {
  const report = context.path.endsWith(COST_PATH) ? 'cost' : 'usage';
  const exchange = createExchange(context.res, () => undefined);

  // The SDKs send x-api-key; the reports are documented with it too. (requestKey also accepts a bearer.)
  const key = headerValue(context, 'x-api-key') ?? requestKey(context.req);
  if (key === undefined) return sendBody(exchange, anthropicAuthenticationError('x-api-key header is required'));
  if (!key.startsWith(ANTHROPIC_ADMIN_KEY_PREFIX)) {
    return sendBody(exchange, anthropicAuthenticationError('invalid x-api-key: the usage and cost reports require an Admin API key'));
  }

  const faultResult = resolveFault(context, { modelFaultSpec: undefined, stream: false, statusKinds: ['429', '500', '503', '529'] });
  if (!faultResult.ok) return sendBody(exchange, anthropicInvalidRequest(`${faultResult.problem.param}: ${faultResult.problem.message}`));
  const { fault } = faultResult.value;
  switch (fault?.kind) {
    case '429':
      return sendBody(exchange, anthropicRateLimitError(context.now(), retryAfterHeaders(fault), fault.retryAfterSeconds));
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

  const parsed = parseAnthropicReportQuery(context.query, report, Math.floor(context.now() / 1000));
  if (!parsed.ok) return sendBody(exchange, anthropicInvalidRequest(parsed.problem.message));
  const calls = anthropicBilledCalls(context.billed(), await billingPricer());
  const body = report === 'cost' ? anthropicCostReport(calls, parsed.query) : anthropicUsageReport(calls, parsed.query);
  return sendBody(exchange, { status: 200, headers: { 'request-id': anthropicRequestId() }, body: JSON.stringify(body) }, deliveryOptionsFor(fault));
}
