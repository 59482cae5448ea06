#!/usr/bin/env node
// Checks the budgets file reader (alerts/budgets.mjs): the shipped alerts/budgets.yaml reads as documented, and each
// kind of mistake is reported with its file, line and column. Run by scripts/test-alerts.sh; exits 1 on a failure.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BudgetsError, loadBudgets, parseBudgets } from '../budgets.mjs';

let failures = 0;
const check = (what, fn) => {
  try {
    fn();
    console.log(`  ok    ${what}`);
  } catch (error) {
    failures += 1;
    console.log(`  FAIL  ${what}\n        ${error.message.split('\n').join('\n        ')}`);
  }
};
const problem = (text) => {
  try {
    parseBudgets(text, 'b.yaml');
  } catch (error) {
    assert.ok(error instanceof BudgetsError, `not a BudgetsError: ${error}`);
    return error.message;
  }
  throw new Error('no error');
};

check('alerts/budgets.yaml: four budgets and a default', () => {
  const budgets = loadBudgets(join(import.meta.dirname, '..', 'budgets.yaml'));
  assert.equal(budgets.file, 'alerts/budgets.yaml');
  assert.deepEqual(
    budgets.budgets.map((b) => [b.name, b.label, b.value, b.monthlyUSD, b.owner]),
    [
      ['team=search', 'genai_otel_team', 'search', 500, 'search'],
      ['team=support', 'genai_otel_team', 'support', 300, 'support'],
      ['team=support,provider=openai,model=gpt-4.1', 'genai_otel_team', 'support', 120, 'support'],
      ['tenant=acme', 'genai_otel_tenant', 'acme', 200, 'support'],
    ],
  );
  assert.deepEqual(budgets.default, { dimension: 'genai_otel.team', label: 'genai_otel_team', monthlyUSD: 100 });
});

check('a dotted key is kept, a name and an owner are taken as given', () => {
  const { budgets } = parseBudgets('budgets:\n  - app.region: eu\n    monthlyUSD: 10\n    name: eu\n    owner: platform\n');
  assert.deepEqual(budgets, [{ name: 'eu', dimension: 'app.region', label: 'app_region', value: 'eu', monthlyUSD: 10, owner: 'platform' }]);
});

const cases = [
  [
    'an amount that is not a number',
    'budgets:\n  - team: search\n    monthlyUSD: lots\n',
    'b.yaml:3:17: budgets[0].monthlyUSD must be a number > 0 (USD per month), got "lots"',
  ],
  ['a negative amount', 'budgets:\n  - team: search\n    monthlyUSD: -5\n', 'b.yaml:3:17: budgets[0].monthlyUSD must be a number > 0 (USD per month), got -5'],
  ['no amount', 'budgets:\n  - team: search\n', 'b.yaml:2:5: budgets[0] has no monthlyUSD'],
  [
    'two keys in one budget',
    'budgets:\n  - team: a\n    tenant: b\n    monthlyUSD: 3\n',
    'b.yaml:2:5: budgets[0] names 2 attribution keys (team, tenant): a budget is for one value of one key (add provider / model to narrow it)',
  ],
  ['no key', 'budgets:\n  - monthlyUSD: 3\n', 'b.yaml:2:5: budgets[0] names no attribution key: give exactly one, e.g. team: search'],
  [
    'a person key',
    'budgets:\n  - team: a\n    monthlyUSD: 1\n  - user.id: u-1\n    monthlyUSD: 3\n',
    'b.yaml:4:5: budgets[1]: user.id identifies a person; it is never a metric dimension, so it cannot carry a budget',
  ],
  [
    'a bad owner',
    'budgets:\n  - tenant: acme\n    monthlyUSD: 3\n    owner: Team Support\n',
    'b.yaml:4:12: budgets[0].owner must be a team name (lower case: letters, digits, - and _), got "Team Support"',
  ],
  [
    'the same budget twice',
    'budgets:\n  - team: a\n    monthlyUSD: 1\n  - team: a\n    monthlyUSD: 2\n',
    'b.yaml:4:5: budgets[1] is a second budget named "team=a" (the first is at line 2); give one of them a name:',
  ],
  ['an unknown top-level key', 'budget:\n  - team: a\n', 'b.yaml:1:1: unknown top-level key "budget" (a budgets file has budgets: and default:)'],
  ['a default without an amount', 'default:\n  dimension: team\n', 'b.yaml:2:3: default has no monthlyUSD'],
  [
    'an unknown default field',
    'default:\n  dimension: team\n  monthlyUSD: 5\n  teams: 3\n',
    'b.yaml:4:3: default.teams: unknown field (default has dimension, monthlyUSD, owner)',
  ],
  ['broken YAML', 'budgets: [\n', 'b.yaml:2:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ['budgets not a list', 'budgets:\n  team: a\n', 'b.yaml:2:3: budgets must be a list of budgets (- team: search / monthlyUSD: 500)'],
];
for (const [what, text, expected] of cases) check(`reports ${what} with its line`, () => assert.equal(problem(text), expected));

check('reports every mistake, not only the first', () => {
  assert.equal(
    problem('budgets:\n  - team: a\n    monthlyUSD: x\n  - team: b\n    monthlyUSD: 0\n'),
    'b.yaml:3:17: budgets[0].monthlyUSD must be a number > 0 (USD per month), got "x"\nb.yaml:5:17: budgets[1].monthlyUSD must be a number > 0 (USD per month), got 0',
  );
});

if (failures) {
  console.log(`[budgets-file] ${failures} failure(s)`);
  process.exitCode = 1;
} else console.log('[budgets-file] all passed');
