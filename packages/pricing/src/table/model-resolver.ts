import type { ModelInfo, Provider } from '@pydantic/genai-prices';
import { FINE_TUNED_CORRECTIONS } from '../corrections/corrections.js';
import type { CompiledPriceTable, CustomEntry } from '../custom/compile-price-table.js';
import type { PriceData } from '../data/price-data.js';
import { matchModel } from './match-model.js';
import { findTableProvider, providerFamily, type ProviderFamily } from './table-provider.js';

/** Which prices apply to a (provider, host, model). */
export type Resolution =
  | {
      kind: 'table';
      provider: Provider;
      model: ModelInfo;
      family: ProviderFamily;
      alias?: string;
      /** A fine-tuned model priced from its base model's fine-tuning prices (src/corrections). */
      fineTuned?: boolean;
      /** The call went to a gateway host that has its own prices in the custom table, none for this model. */
      viaGateway?: string;
    }
  | { kind: 'custom'; entry: CustomEntry; alias?: string }
  | { kind: 'unknown'; reason: 'unknown_provider' | 'unknown_model'; detail: string };

/**
 * Finds the price entry of a model, in this order: a custom entry for the model; an alias (then a
 * custom entry, else the bundled table, for its target); the bundled table. Results are cached per
 * (provider, host, model); the cache is cleared when it reaches `cacheSize` entries, so a stream of
 * distinct model names cannot grow it without bound.
 */
export class ModelResolver {
  readonly #data: PriceData;
  readonly #custom: CompiledPriceTable | undefined;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, Resolution>();

  constructor(data: PriceData, custom: CompiledPriceTable | undefined, cacheSize: number) {
    this.#data = data;
    this.#custom = custom;
    this.#cacheSize = Math.max(1, cacheSize);
  }

  resolve(providerName: string, serverAddress: string | undefined, model: string): Resolution {
    const key = `${providerName}\u0001${serverAddress ?? ''}\u0001${model}`;
    let resolution = this.#cache.get(key);
    if (resolution === undefined) {
      resolution = this.#resolve(providerName, serverAddress, cleanModelName(model));
      if (this.#cache.size >= this.#cacheSize) this.#cache.clear();
      this.#cache.set(key, resolution);
    }
    return resolution;
  }

  #resolve(providerName: string, host: string | undefined, model: string): Resolution {
    if (model === '') return { kind: 'unknown', reason: 'unknown_model', detail: 'empty model name' };
    const custom = this.#custom;
    if (custom !== undefined) {
      const entry = custom.findEntry(providerName, host, model);
      if (entry !== undefined) return { kind: 'custom', entry };
      const alias = custom.findAlias(providerName, host, model);
      if (alias !== undefined) {
        const via = `alias ${model} → ${alias.target}`;
        const targetProvider = alias.target_provider ?? providerName;
        const targetEntry = custom.findEntry(targetProvider, host, alias.target);
        if (targetEntry !== undefined) return { kind: 'custom', entry: targetEntry, alias: via };
        // An alias that names its provider is priced from that provider's table, whatever the host.
        const resolved = tableLookup(this.#data, targetProvider, alias.target_provider === undefined ? host : undefined, alias.target);
        return resolved.kind === 'unknown' ? { ...resolved, detail: `${resolved.detail} (${via})` } : { ...resolved, alias: via };
      }
    }
    const resolved = tableLookup(this.#data, providerName, host, model);
    // A gateway with prices of its own for other models: its call is not silently priced at the
    // model provider's list price (the source says so).
    if (resolved.kind === 'table' && host !== undefined && custom?.namesHost(host) === true) return { ...resolved, viaGateway: host };
    return resolved;
  }
}

function tableLookup(data: PriceData, providerName: string, host: string | undefined, model: string): Resolution {
  const provider = findTableProvider(data, providerName, host);
  if (provider === undefined) {
    return {
      kind: 'unknown',
      reason: 'unknown_provider',
      detail: `no price table for provider '${providerName}'${host === undefined ? '' : ` at ${host}`}`,
    };
  }
  const info = matchModel(provider, model, (id) => data.findProvider({ providerId: id }));
  if (info === undefined) {
    const fineTuned = fineTunedModel(provider, model);
    if (fineTuned !== undefined) return fineTuned;
    return { kind: 'unknown', reason: 'unknown_model', detail: `model '${model}' is not in the ${provider.id} price table` };
  }
  return { kind: 'table', provider, model: info, family: providerFamily(provider.id) };
}

const FINE_TUNED = /^ft:([^:]+):/;

/**
 * OpenAI fine-tuned models, `ft:<base>:<org>[:<suffix>]:<id>`, that the data has no price for:
 * priced from OpenAI's fine-tuning inference prices of the base model (corrections table), unknown
 * where the base has none. Only for the OpenAI table: Azure OpenAI bills fine-tuned deployments
 * its own way (hosting hours included), which the data does not have.
 */
function fineTunedModel(provider: Provider, model: string): Resolution | undefined {
  const match = FINE_TUNED.exec(model.trim().toLowerCase());
  if (match === null) return undefined;
  const base = match[1] ?? '';
  if (provider.id !== 'openai') return undefined;
  const family = base.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  const correction = FINE_TUNED_CORRECTIONS.find((entry) => entry.base === family);
  if (correction === undefined) {
    return { kind: 'unknown', reason: 'unknown_model', detail: `no fine-tuned inference price for base model '${base}' (${model})` };
  }
  const info: ModelInfo = { id: `ft:${correction.snapshot}`, match: { starts_with: `ft:${base}:` }, prices: correction.prices };
  return { kind: 'table', provider, model: info, family: 'openai', fineTuned: true };
}

/**
 * Drops resource prefixes Google APIs put before model names: `models/gemini-2.5-flash`,
 * `publishers/google/models/gemini-2.5-flash`, `projects/…/models/…`.
 */
function cleanModelName(model: string): string {
  const name = model.trim();
  const index = name.lastIndexOf('models/');
  if (index === -1 || (index > 0 && name[index - 1] !== '/')) return name;
  return name.slice(index + 'models/'.length);
}
