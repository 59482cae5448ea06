export { createPricer } from './create-pricer.js';
export { loadCustomPriceTable } from './custom/load-custom-price-table.js';
export { PriceTableError, type PriceTableErrorLocation } from './custom/price-table-error.js';
export { BUNDLED_DATA_VERSION } from './data-version.js';
export { formatCostBreakdown } from './format-cost-breakdown.js';
export { normalizeUsage } from './usage/normalize-usage.js';
export { inferUsageFormat } from './usage/infer-usage-format.js';
export { UsageError } from './usage/usage-error.js';
export type {
  CallOutcome,
  CostBreakdown,
  CostFee,
  CostLine,
  CostResult,
  CostSource,
  CustomModelAlias,
  CustomModelPrice,
  CustomPrices,
  CustomPriceTable,
  CustomPriceValue,
  CustomServiceTiers,
  NormalizedUsage,
  PricedCost,
  PricedServiceTier,
  PriceInput,
  Pricer,
  PricerOptions,
  TokenClass,
  UnknownCost,
  UnknownCostReason,
  UsageFormat,
  ZeroCostReason,
} from './types.js';
