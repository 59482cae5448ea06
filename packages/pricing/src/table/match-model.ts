import type { MatchLogic, ModelInfo, Provider } from '@pydantic/genai-prices';

/**
 * Finds a model in a provider's table with genai-prices' own rules (`calcPrice` model lookup,
 * checked against it for every model id in `match-model.test.ts`): the id is lower-cased and
 * trimmed; the first model whose `match` logic accepts it wins; if none does, `-YYYYMMDD` date
 * suffixes are rewritten as `-YYYY-MM-DD` and the lookup retried; then the provider's
 * `fallback_model_providers` are searched (Azure → OpenAI, Anthropic, …). Done here rather than
 * through `calcPrice` so that a lookup never runs a price computation (which can throw for some
 * price sets) and can be cached.
 */
export function matchModel(provider: Provider, modelId: string, all: (id: string) => Provider | undefined): ModelInfo | undefined {
  const id = modelId.toLowerCase().trim();
  const found = matchIn(provider, id, all, true);
  if (found !== undefined) return found;
  const dated = normalizeDates(id);
  return dated === id ? undefined : matchIn(provider, dated, all, true);
}

function matchIn(provider: Provider, id: string, all: (id: string) => Provider | undefined, withFallbacks: boolean): ModelInfo | undefined {
  const model = provider.models.find((candidate) => matches(candidate.match, id));
  if (model !== undefined || !withFallbacks) return model;
  for (const fallbackId of provider.fallback_model_providers ?? []) {
    const fallback = all(fallbackId);
    if (fallback === undefined) continue;
    const found = matchIn(fallback, id, all, false);
    if (found !== undefined) return found;
  }
  return undefined;
}

const regexCache = new Map<string, RegExp>();

function matches(logic: MatchLogic, id: string): boolean {
  if ('or' in logic) return logic.or.some((inner) => matches(inner, id));
  if ('and' in logic) return logic.and.every((inner) => matches(inner, id));
  if ('equals' in logic) return id === logic.equals.toLowerCase();
  if ('starts_with' in logic) return id.startsWith(logic.starts_with.toLowerCase());
  if ('ends_with' in logic) return id.endsWith(logic.ends_with.toLowerCase());
  if ('contains' in logic) return id.includes(logic.contains.toLowerCase());
  if ('regex' in logic) {
    let regex = regexCache.get(logic.regex);
    if (regex === undefined) {
      regex = new RegExp(logic.regex);
      regexCache.set(logic.regex, regex);
    }
    return regex.test(id);
  }
  return false;
}

const DATE_SUFFIX = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

/** `-20250929` → `-2025-09-29` when it is a real calendar date (genai-prices does the same). */
function normalizeDates(id: string): string {
  return id.replace(DATE_SUFFIX, (whole, dash: string, year: string, month: string, day: string) => {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    const valid = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
    return valid ? `${dash}${year}-${month}-${day}` : whole;
  });
}
