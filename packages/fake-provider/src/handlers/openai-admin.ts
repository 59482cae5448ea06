// `GET …/organization/usage/<type>` and `GET …/organization/costs`: OpenAI's Usage and Costs APIs,
// answered from the calls this server served. Admin keys only (`Authorization: Bearer sk-admin-…`),
// status faults and the transport faults by `x-fake-fault`, as on the inference routes.
import { billingPricer, openAIBilledCalls, requestKey } from '../billing.js';
import { createExchange } from '../exchange.js';
import type { Route, RouteContext } from '../route.js';
import { deliveryOptionsFor, sendBody } from '../transport.js';
import { authenticationError, invalidRequestError, openAIRequestId, rateLimitError, serverError, withRequestId } from '../wire/openai-errors.js';
import { isOpenAIUsageType, openAICostsPage, openAIUsagePage, parseOpenAIReportQuery, type OpenAIUsageType } from '../wire/openai-usage.js';
import { resolveFault } from './common.js';

/** What the fake accepts as an OpenAI admin key. */
export const OPENAI_ADMIN_KEY_PREFIX = 'sk-admin-';

const PATH = /\/organization\/(?:usage\/([a-z_]+)|(costs))$/;

/** `GET …/organization/usage/<type>` and `GET …/organization/costs` (any prefix). */
export const openAIAdminRoute: Route = {
  method: 'GET',
  matches: (path) => {
    const match = PATH.exec(path);
    return match !== null && (match[2] === 'costs' || isOpenAIUsageType(match[1] ?? ''));
  },
  handle: handleOpenAIAdmin,
};

async function handleOpenAIAdmin(context: RouteContext): Promise<void> {
  const match = PATH.exec(context.path);
  const endpoint = (match?.[2] ?? match?.[1]) as OpenAIUsageType | 'costs';
  const exchange = createExchange(context.res, () => undefined);

  const key = requestKey(context.req);
  if (key === undefined) {
    return sendBody(
      exchange,
      withRequestId(
        authenticationError(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          null,
        ),
      ),
    );
  }
  if (!key.startsWith(OPENAI_ADMIN_KEY_PREFIX)) {
    return sendBody(
      exchange,
      withRequestId(authenticationError('Incorrect API key provided. The organization Usage and Costs APIs require an admin API key.', 'invalid_api_key')),
    );
  }

  const faultResult = resolveFault(context, { modelFaultSpec: undefined, stream: false });
  if (!faultResult.ok) {
    const { message, param } = faultResult.problem;
    return sendBody(exchange, withRequestId(invalidRequestError({ message, param, code: 'invalid_value' })));
  }
  const { fault } = faultResult.value;
  switch (fault?.kind) {
    case '429':
      return sendBody(exchange, withRequestId(rateLimitError('the organization usage API', fault)));
    case '500':
    case '503':
      return sendBody(exchange, withRequestId(serverError(fault.kind === '500' ? 500 : 503)));
    case 'hang':
      return;
    default:
      break;
  }

  const parsed = parseOpenAIReportQuery(context.query, endpoint, Math.floor(context.now() / 1000));
  if (!parsed.ok) {
    const { message, param } = parsed.problem;
    return sendBody(exchange, withRequestId(invalidRequestError({ message, param, code: null })));
  }
  const calls = openAIBilledCalls(context.billed(), await billingPricer());
  const body = endpoint === 'costs' ? openAICostsPage(calls, parsed.query) : openAIUsagePage(endpoint, calls, parsed.query);
  return sendBody(exchange, { status: 200, headers: { 'x-request-id': openAIRequestId() }, body: JSON.stringify(body) }, deliveryOptionsFor(fault));
}
