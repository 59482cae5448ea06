#!/usr/bin/env bash
# Static checks of alertmanager/alertmanager.yml with Debian's amtool 0.25 (no Alertmanager process needed):
#   1. `amtool check-config` on the shipped file and on a copy rendered by render-config.mjs;
#   2. routing: `amtool config routes test --verify.receivers=<expected> <labels>` (exits 1 on a mismatch) for
#      hand-written cases and for every alert the rules define (alert-routes.mjs, with the alerts' real labels);
#   3. every notification template renders (`amtool template render`, with amtool's example data).
# Usage: bash alertmanager/tests/routes.sh      Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONFIG=alertmanager/alertmanager.yml
failures=0
ok() { echo "  ok    $*"; }
bad() { echo "  FAIL  $*"; failures=$((failures + 1)); }

echo "[routes] amtool check-config"
if amtool check-config "$CONFIG" >/tmp/amtool-check.$$ 2>&1; then ok "$CONFIG"; else bad "$CONFIG"; cat /tmp/amtool-check.$$; fi
rendered="$(mktemp -d)"
trap 'rm -rf "$rendered" /tmp/amtool-check.$$' EXIT
node alertmanager/render-config.mjs --webhook-base http://127.0.0.1:9/sink --group-wait 1s --group-interval 1s \
  --out "$rendered/alertmanager.yml"
if amtool check-config "$rendered/alertmanager.yml" >/tmp/amtool-check.$$ 2>&1; then ok "rendered copy"; else bad "rendered copy"; cat /tmp/amtool-check.$$; fi

# route <expected receivers, comma-separated, in routing-tree order> <label=value>...
route() {
  local expected="$1"
  shift
  local got
  if got="$(amtool config routes test --config.file="$CONFIG" --verify.receivers="$expected" "$@" 2>/dev/null)"; then
    ok "$expected <- $*"
  else
    bad "expected $expected, got ${got%%$'\n'*} <- $*"
  fi
}

echo "[routes] routing policy"
route pager          alertname=GenAIServerErrorRatioHigh severity=critical gen_ai_provider_name=openai gen_ai_request_model=gpt-4o
route chat           alertname=GenAIRateLimitRatioHigh severity=warning gen_ai_provider_name=openai gen_ai_request_model=gpt-4o
route finance        alertname=GenAICostOverrun severity=warning team=finance
route finance,pager  alertname=GenAIBudgetBurnRateHigh severity=critical team=finance long_window=1h short_window=5m
route finance        alertname=GenAIBudgetBurnRateHigh severity=warning team=finance long_window=6h short_window=30m
route chat           alertname=SomethingElse                      # no severity: the root's default receiver
route chat           alertname=SomethingElse severity=info
route pager          alertname=SomethingElse severity=critical team=platform
route team-search    alertname=GenAIMonthlyBudgetBurnRateHigh severity=critical budget=team=search team=search long_window=1h
route team-support   alertname=GenAIMonthlyBudgetExhausted severity=critical budget=tenant=acme team=support
route finance        alertname=GenAIMonthlyBudgetBurnRateHigh severity=critical budget=team=labs team=labs long_window=1h
route finance        alertname=GenAIMonthlyBudgetExhausted severity=critical budget=feature=x

echo "[routes] every generated alert, with its labels"
while IFS=$'\t' read -r expected labels; do
  read -ra label_args <<<"$labels"
  route "$expected" "${label_args[@]}"
done < <(node alertmanager/tests/alert-routes.mjs)

echo "[routes] templates render"
for t in genai.title genai.cost.title genai.budget.title genai.color genai.runbook genai.text genai.cost.text genai.budget.text; do
  if amtool template render --template.glob='alertmanager/templates/*.tmpl' --template.text="{{ template \"$t\" . }}" >/dev/null 2>&1; then
    ok "$t"
  else
    bad "$t"
  fi
done

if ((failures)); then
  echo "[routes] $failures failure(s)"
  exit 1
fi
echo "[routes] all passed"
