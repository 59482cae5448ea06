import { describe, expect, it } from 'vitest';
import { createPricer } from './create-pricer.js';
import { formatCostBreakdown } from './format-cost-breakdown.js';
import { AT } from '../test/expect-priced.js';

const pricer = createPricer();

describe('formatCostBreakdown', () => {
  it('renders a priced Anthropic call (claude-sonnet-4-5: $3 in, $0.30 read, $6 1h write, $15 out)', () => {
    const result = pricer.price({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      usage: {
        input_tokens: 50,
        cache_creation_input_tokens: 1000,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 1000 },
        cache_read_input_tokens: 9000,
        output_tokens: 200,
        output_tokens_details: { thinking_tokens: 120 },
      },
      timestamp: AT,
    });
    expect(formatCostBreakdown(result)).toBe(
      [
        'cost $0.011850 USD',
        'model claude-sonnet-4-5 (anthropic), source price-table, data genai-prices@0.1.8',
        'token class     tokens  $/MTok     amount',
        'input               50    3.00  $0.000150',
        'cached input     9,000    0.30  $0.002700',
        'cache write 1h   1,000    6.00  $0.006000',
        'output              80   15.00  $0.001200',
        'reasoning          120   15.00  $0.001800',
        'total           10,250          $0.011850',
      ].join('\n'),
    );
  });

  it('shows the service tier, fees and notes', () => {
    const result = pricer.price({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: { input_tokens: 1000, output_tokens: 100, server_tool_use: { web_search_requests: 2 }, service_tier: 'batch' },
      outcome: 'aborted',
      timestamp: AT,
    });
    expect(formatCostBreakdown(result)).toBe(
      [
        'cost $0.022250 USD (partial: lower bound)',
        'model claude-sonnet-4-5 (anthropic), source price-table, data genai-prices@0.1.8',
        'service tier batch: ×0.5 on input (included in $/MTok; standard = the price without the tier)',
        'token class       tokens    $/MTok  standard     amount',
        'input              1,000      1.50      3.00  $0.001500',
        'output               100      7.50     15.00  $0.000750',
        'web search calls       2  10.00/1k            $0.020000',
        'total              1,100                      $0.022250',
        'note: batch: ×0.5 on every token class (anthropic-batch)',
        'note: aborted: usage is partial, the amount is a lower bound',
      ].join('\n'),
    );
  });

  it('renders an unknown cost', () => {
    const result = pricer.price({ provider: 'openai', model: 'gpt-9', usage: { prompt_tokens: 1, completion_tokens: 1 } });
    expect(formatCostBreakdown(result)).toBe(
      ["cost unknown (unknown_model): model 'gpt-9' is not in the openai price table", 'data genai-prices@0.1.8'].join('\n'),
    );
  });
});
