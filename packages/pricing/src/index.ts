export { createPricer } from './create-pricer.js';
export { loadCustomPriceTable } from './custom/load-custom-price-table.js';
export { PriceTableError, type PriceTableErrorLocation } from './custom/price-table-error.js';
export { BUNDLED_DATA_DATE, BUNDLED_DATA_VERSION } from './data-version.js';
export { CORRECTIONS, type Correction } from './corrections/corrections.js';
export { GENAI_PRICES_DATA_URL, PriceDataError } from './data/load-price-data.js';
export {
  ATTR_PRICING_DATA_ORIGIN,
  ATTR_PRICING_DATA_VERSION,
  PRICE_DATA_AGE_METRIC,
  priceDataAges,
  registerPriceDataAgeGauge,
  type GaugeMeter,
  type PriceDataAge,
} from './data/price-data-age.js';
export { formatCostBreakdown } from './format-cost-breakdown.js';
export { normalizeUsage } from './usage/normalize-usage.js';
export { inferUsageFormat, UsageError } from '@genai-otel/providers';
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
  DiagLogger,
  NormalizedUsage,
  PricedCost,
  PricedServiceTier,
  PriceDataSource,
  PriceInput,
  Pricer,
  PricerOptions,
  TokenClass,
  UnknownCost,
  UnknownCostReason,
  UsageFormat,
  ZeroCostReason,
} from './types.js';
