import { expect } from 'vitest';
import type { CostLine, CostResult, PricedCost, TokenClass } from '../src/types.js';

/** Asserts the result is priced and returns it typed. */
export function expectPriced(result: CostResult): PricedCost {
  if (result.status !== 'priced') {
    throw new Error(`expected a priced result, got unknown (${result.reason}): ${result.detail ?? ''}`);
  }
  return result;
}

/** The breakdown as `{ class: [tokens, pricePerMTok] }`, for compact assertions. */
export function linesOf(result: PricedCost): Partial<Record<TokenClass, [number, number]>> {
  return Object.fromEntries(result.breakdown.lines.map((line: CostLine) => [line.tokenClass, [line.tokens, line.pricePerMTok]]));
}

/** Money to 12 decimal places (a millionth of a micro-dollar). */
export function expectUsd(actual: number, expected: number): void {
  expect(actual).toBeCloseTo(expected, 12);
}

/** A fixed instant in peak DeepSeek hours and after every price change in the bundled data. */
export const AT = new Date('2026-11-20T12:00:00Z');
