export const ANTHROPIC_ERROR_TYPES: Record<string, string> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limited',
  api_error: 'server_error',
  timeout_error: 'timeout',
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'authentication',
  not_found_error: 'not_found',
};
