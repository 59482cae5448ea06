// Reads and validates a monthly budgets file (YAML; alerts/budgets.yaml is the example), for the budget recording
// and alerting rules (budget-rules.mjs). Every problem is reported with the file, line and column it is at:
//   alerts/budgets.yaml:7:17: budgets[1].monthlyUSD must be a number > 0 (USD per month), got "lots"
//
// The file:
//   budgets:                       # one entry per budget
//     - team: search               # exactly one attribution key: value (a key promoted to a metric dimension;
//       monthlyUSD: 500            #   team -> label genai_otel_team, user.id would be refused: not a dimension)
//       provider: openai           # optional: only this gen_ai.provider.name
//       model: gpt-4.1             # optional: only this gen_ai.request.model
//       owner: search              # optional: the team whose receiver gets the alerts (default: the value of a
//                                  #   `team` budget; else the default owner, else the default receiver)
//       name: search-openai        # optional: the budget's name on alerts and dashboards (default team=search,...)
//   default:                       # optional: a budget for every other value of one key
//     dimension: team
//     monthlyUSD: 100
//     owner: platform              # optional (default: the value, for dimension team)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** A budgets file that cannot be used; the message names the file, line and column. */
export class BudgetsError extends Error {
  name = 'BudgetsError';
}

/**
 * The `yaml` package (it reports line positions). alerts/ is no workspace package of its own, so it is resolved from
 * the workspace packages that depend on it.
 */
function yamlPackage() {
  for (const base of ['package.json', '../dashboards/package.json', '../e2e/package.json', '../packages/pricing/package.json']) {
    try {
      return createRequire(join(here, base))('yaml');
    } catch {
      // next
    }
  }
  throw new BudgetsError('reading a budgets file needs the `yaml` package of the workspace: run `pnpm install`');
}

const DEFAULT_FIELDS = new Set(['dimension', 'monthlyUSD', 'owner']);
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const OWNER = /^[a-z0-9][a-z0-9_-]*$/;
const NAME = /^[A-Za-z0-9_.=,:@/-]+$/;

/** The attribute key of an attribution key, as the instrumentation records it (`team` -> `genai_otel.team`). */
export const attributionKey = (key) => (key.includes('.') ? key : `genai_otel.${key}`);
/** The Prometheus label of an attribute key (`genai_otel.team` -> `genai_otel_team`). */
export const labelOf = (attributeKey) => attributeKey.replace(/[^A-Za-z0-9_]/g, '_');
/** Keys that identify a person are never metric dimensions (the instrumentation refuses them): no budget can use them. */
const isPersonKey = (key) =>
  /^(user|enduser)\./.test(key) ||
  key === 'client.address' ||
  /^(user|user_?id|user_?name|username|end_?user|e_?mail|email_?address|person|person_?id|customer_?email)$/i.test(key.slice(key.lastIndexOf('.') + 1));

/**
 * @typedef {{ name: string, dimension: string, label: string, value: string, provider?: string, model?: string,
 *   monthlyUSD: number, owner?: string }} Budget
 * @typedef {{ dimension: string, label: string, monthlyUSD: number, owner?: string }} DefaultBudget
 * @typedef {{ budgets: Budget[], default?: DefaultBudget, file: string }} Budgets
 */

/** Reads and validates a budgets file. @returns {Budgets} */
export function loadBudgets(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BudgetsError(`${path}: cannot read the budgets file (${error.code ?? error.message})`);
  }
  // Named relative to the repository (as the generated rules' header shows it, wherever the generator runs).
  const fromRoot = relative(join(here, '..'), path);
  return parseBudgets(text, fromRoot.startsWith('..') ? path : fromRoot);
}

/** Parses and validates budgets YAML; `file` names it in messages. @returns {Budgets} */
export function parseBudgets(text, file = 'budgets.yaml') {
  const YAML = yamlPackage();
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (node) => {
    const offset = node?.range?.[0] ?? node?.key?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new BudgetsError(`${file}:${line}:${col}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const problems = [];
  const fail = (node, message) => problems.push(`${at(node)}: ${message}`);
  const root = doc.contents;
  if (!YAML.isMap(root)) {
    throw new BudgetsError(`${file}:1:1: a budgets file is a mapping with \`budgets:\` (a list) and an optional \`default:\``);
  }
  /** A map's entries as [key string, key node, value node]. */
  const entries = (map) => map.items.map((pair) => [String(YAML.isScalar(pair.key) ? pair.key.value : pair.key), pair.key, pair.value]);
  const scalar = (node) => (YAML.isScalar(node) ? node.value : undefined);

  const readAmount = (path, node) => {
    const value = scalar(node);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      fail(node, `${path}.monthlyUSD must be a number > 0 (USD per month), got ${JSON.stringify(value ?? node?.toJSON?.() ?? null)}`);
      return undefined;
    }
    return value;
  };
  const readString = (path, field, node, pattern, what) => {
    const value = scalar(node);
    if (typeof value !== 'string' || value.trim() === '' || (pattern && !pattern.test(value))) {
      fail(node, `${path}.${field} must be ${what}, got ${JSON.stringify(value ?? node?.toJSON?.() ?? null)}`);
      return undefined;
    }
    return value;
  };
  const readDimension = (path, keyNode, key) => {
    if (!KEY.test(key)) {
      fail(keyNode, `${path}: "${key}" is not an attribution key (feature, team, tenant or a dotted key such as app.region)`);
      return undefined;
    }
    const attribute = attributionKey(key);
    if (isPersonKey(attribute)) {
      fail(keyNode, `${path}: ${attribute} identifies a person; it is never a metric dimension, so it cannot carry a budget`);
      return undefined;
    }
    return attribute;
  };

  const budgets = [];
  let defaultBudget;
  const seen = new Map();
  for (const [key, keyNode, value] of entries(root)) {
    if (key === 'budgets') {
      if (!YAML.isSeq(value)) {
        fail(value ?? keyNode, 'budgets must be a list of budgets (- team: search / monthlyUSD: 500)');
        continue;
      }
      value.items.forEach((item, index) => {
        const path = `budgets[${index}]`;
        if (!YAML.isMap(item)) {
          fail(item, `${path} must be a mapping (team: search, monthlyUSD: 500, ...)`);
          return;
        }
        const before = problems.length;
        const budget = {};
        const dimensions = [];
        for (const [field, fieldNode, fieldValue] of entries(item)) {
          if (field === 'monthlyUSD') budget.monthlyUSD = readAmount(path, fieldValue ?? fieldNode);
          else if (field === 'provider')
            budget.provider = readString(path, field, fieldValue ?? fieldNode, /^[^"\\\n]+$/, 'a gen_ai.provider.name (openai, anthropic, ...)');
          else if (field === 'model') budget.model = readString(path, field, fieldValue ?? fieldNode, /^[^"\\\n]+$/, 'a gen_ai.request.model');
          else if (field === 'owner')
            budget.owner = readString(path, field, fieldValue ?? fieldNode, OWNER, 'a team name (lower case: letters, digits, - and _)');
          else if (field === 'name') budget.name = readString(path, field, fieldValue ?? fieldNode, NAME, 'a name of letters, digits and _.=,:@/-');
          else dimensions.push([field, fieldNode, fieldValue]);
        }
        if (!('monthlyUSD' in budget)) fail(item, `${path} has no monthlyUSD`);
        if (dimensions.length !== 1) {
          fail(
            item,
            dimensions.length === 0
              ? `${path} names no attribution key: give exactly one, e.g. team: search`
              : `${path} names ${dimensions.length} attribution keys (${dimensions.map(([d]) => d).join(', ')}): a budget is for one value of one key (add provider / model to narrow it)`,
          );
          return;
        }
        const [dimensionKey, dimensionNode, dimensionValue] = dimensions[0];
        const dimension = readDimension(path, dimensionNode, dimensionKey);
        const rawValue = scalar(dimensionValue);
        if (typeof rawValue !== 'string' && typeof rawValue !== 'number') {
          fail(
            dimensionValue ?? dimensionNode,
            `${path}.${dimensionKey} must be a value (a string), got ${JSON.stringify(dimensionValue?.toJSON?.() ?? null)}`,
          );
          return;
        }
        if (dimension === undefined || budget.monthlyUSD === undefined || problems.length > before) return;
        const value = String(rawValue);
        const name =
          budget.name ??
          [`${dimensionKey}=${value}`, ...(budget.provider ? [`provider=${budget.provider}`] : []), ...(budget.model ? [`model=${budget.model}`] : [])].join(
            ',',
          );
        if (/["\\\n]/.test(name)) {
          fail(dimensionValue, `${path}: the budget's name ${JSON.stringify(name)} has a quote, backslash or newline; give it a name:`);
          return;
        }
        if (seen.has(name)) {
          fail(item, `${path} is a second budget named "${name}" (the first is at line ${seen.get(name)}); give one of them a name:`);
          return;
        }
        seen.set(name, lineCounter.linePos(item.range[0]).line);
        const owner = budget.owner ?? (dimension === 'genai_otel.team' && OWNER.test(value) ? value : undefined);
        budgets.push({
          name,
          dimension,
          label: labelOf(dimension),
          value,
          ...(budget.provider ? { provider: budget.provider } : {}),
          ...(budget.model ? { model: budget.model } : {}),
          monthlyUSD: budget.monthlyUSD,
          ...(owner ? { owner } : {}),
        });
      });
    } else if (key === 'default') {
      if (!YAML.isMap(value)) {
        fail(value ?? keyNode, 'default must be a mapping (dimension: team, monthlyUSD: 100)');
        continue;
      }
      const found = {};
      for (const [field, fieldNode, fieldValue] of entries(value)) {
        if (!DEFAULT_FIELDS.has(field)) {
          fail(fieldNode, `default.${field}: unknown field (default has ${[...DEFAULT_FIELDS].join(', ')})`);
          continue;
        }
        if (field === 'monthlyUSD') found.monthlyUSD = readAmount('default', fieldValue ?? fieldNode);
        else if (field === 'owner')
          found.owner = readString('default', field, fieldValue ?? fieldNode, OWNER, 'a team name (lower case: letters, digits, - and _)');
        else {
          const dimension = readString('default', field, fieldValue ?? fieldNode, KEY, 'an attribution key (feature, team, tenant, ...)');
          if (dimension !== undefined) found.dimension = readDimension('default.dimension', fieldValue, dimension);
        }
      }
      if (!('dimension' in found)) fail(value, 'default has no dimension (the attribution key whose other values it budgets, e.g. team)');
      if (!('monthlyUSD' in found)) fail(value, 'default has no monthlyUSD');
      if (found.dimension && found.monthlyUSD) {
        defaultBudget = {
          dimension: found.dimension,
          label: labelOf(found.dimension),
          monthlyUSD: found.monthlyUSD,
          ...(found.owner ? { owner: found.owner } : {}),
        };
      }
    } else {
      fail(keyNode, `unknown top-level key "${key}" (a budgets file has budgets: and default:)`);
    }
  }
  if (problems.length > 0) throw new BudgetsError(problems.join('\n'));
  return { budgets, ...(defaultBudget ? { default: defaultBudget } : {}), file };
}
