import { calcPrice, findProvider, waitForUpdate, type MatchLogic, type Provider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { matchModel } from './match-model.js';

const providers: Provider[] = (await waitForUpdate()) ?? [];

/** Names a match rule accepts or nearly accepts: its literals, with dated and suffixed variants. */
function candidateNames(logic: MatchLogic): string[] {
  if ('or' in logic) return logic.or.flatMap(candidateNames);
  if ('and' in logic) return logic.and.flatMap(candidateNames);
  const literal =
    'equals' in logic
      ? logic.equals
      : 'starts_with' in logic
        ? logic.starts_with
        : 'ends_with' in logic
          ? logic.ends_with
          : 'contains' in logic
            ? logic.contains
            : undefined;
  if (literal === undefined) return [];
  return [literal, `${literal}-20250929`, `${literal}-2025-09-29`, `x-${literal}`, literal.toUpperCase(), ` ${literal} `];
}

describe('matchModel', () => {
  it('finds the same model as genai-prices calcPrice for every name the bundled match rules mention', () => {
    let checked = 0;
    for (const provider of providers) {
      const names = new Set(provider.models.flatMap((model) => [model.id, ...candidateNames(model.match)]));
      for (const name of names) {
        let expected: string | undefined;
        try {
          expected = calcPrice({}, name, { providerId: provider.id })?.model.id;
        } catch {
          continue; // genai-prices cannot price this model's price set
        }
        const ours = matchModel(provider, name, (id) => findProvider({ providerId: id }))?.id;
        expect(ours, `${provider.id} / ${JSON.stringify(name)}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });
});
