import { TOKEN_CLASS_LABELS } from './engine/token-classes.js';
import type { CostResult } from './types.js';

/**
 * A readable multi-line table of a cost result — token class, tokens, $/MTok, amount — for
 * auditing a bill line (the future `genai-otel cost` command). Pure: same input, same text; no
 * locale, no colours, no trailing newline.
 */
export function formatCostBreakdown(result: CostResult): string {
  if (result.status === 'unknown') {
    return [`cost unknown (${result.reason})${result.detail === undefined ? '' : `: ${result.detail}`}`, `data ${result.dataVersion}`].join('\n');
  }
  const { breakdown } = result;
  // A "standard" column when the service tier changed some classes: the price without the tier
  // (blank for classes the tier leaves at the standard price, e.g. Gemini batch cache hits).
  const showStandard = breakdown.lines.some((line) => line.standardPricePerMTok !== undefined);
  const withStandard = (row: string[], standard: string): string[] => (showStandard ? [...row.slice(0, 3), standard, ...row.slice(3)] : row);
  const header = withStandard(['token class', 'tokens', '$/MTok', 'amount'], 'standard');
  const rows = breakdown.lines.map((line) =>
    withStandard(
      [TOKEN_CLASS_LABELS[line.tokenClass], formatCount(line.tokens), formatPrice(line.pricePerMTok), formatAmount(line.amount)],
      line.standardPricePerMTok === undefined ? '' : formatPrice(line.standardPricePerMTok),
    ),
  );
  const feeRows = breakdown.fees.map((fee) =>
    withStandard(
      [
        fee.kind === 'web_search' ? 'web search calls' : 'request fee',
        formatCount(fee.count),
        `${formatPrice(fee.pricePerThousand)}/1k`,
        formatAmount(fee.amount),
      ],
      '',
    ),
  );
  const totalTokens = breakdown.inputTokens + breakdown.outputTokens;
  const total = withStandard(['total', formatCount(totalTokens), '', formatAmount(result.amount)], '');
  const table = [header, ...rows, ...feeRows, total];
  const widths = header.map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  const render = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();

  const lines = [
    `cost ${formatAmount(result.amount)} USD${result.partial === true ? ' (partial: lower bound)' : ''}`,
    `model ${result.model} (${result.provider}), source ${result.source}, data ${result.dataVersion}`,
  ];
  if (breakdown.serviceTier !== 'standard' && breakdown.lines.length === 0) {
    lines.push(`service tier ${breakdown.serviceTier}`);
  } else if (breakdown.serviceTier !== 'standard') {
    const factor = Number(breakdown.serviceTierMultiplier.toFixed(4));
    const perClass = showStandard && breakdown.lines.some((line) => line.standardPricePerMTok === undefined);
    lines.push(
      `service tier ${breakdown.serviceTier}: ×${factor} on input (included in $/MTok${showStandard ? '; standard = the price without the tier' : ''}${perClass ? ', blank where the tier does not apply' : ''})`,
    );
  }
  if (breakdown.longContext) lines.push('long-context tier: the whole request is priced at the higher rate');
  if (result.zeroCostReason !== undefined) lines.push(`not billed (${result.zeroCostReason})`);
  lines.push(...table.map(render));
  for (const note of result.notes ?? []) lines.push(`note: ${note}`);
  return lines.join('\n');
}

/** 1234567 → "1,234,567" (fixed separator, independent of locale). */
function formatCount(value: number): string {
  const [whole = '0', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Unit price with at least 2 and at most 6 decimals: 3 → "3.00", 0.2288 → "0.2288". */
function formatPrice(value: number): string {
  const fixed = value.toFixed(6).replace(/0+$/, '');
  const [whole = '0', fraction = ''] = fixed.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** USD to the micro-dollar: "$0.011850". */
function formatAmount(value: number): string {
  return `$${value.toFixed(6)}`;
}
