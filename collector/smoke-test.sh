#!/usr/bin/env bash
# Smoke test of the collector distribution and its configs, without Docker:
#
#   1. builds (or reuses) otelcol-genai with scripts/build-collector.sh;
#   2. `validate`s collector/config.yaml and each overlay;
#   3. starts, on free loopback ports chosen now: a trace-store stand-in (a second otelcol-genai: OTLP/gRPC in ->
#      JSON file), the collector with collector/config.yaml, and - if `prometheus` is installed - Prometheus with
#      prometheus/prometheus.yml rendered by prometheus/render-config.mjs (scrape mode) or with
#      --web.enable-remote-write-receiver (remote-write mode, collector/config-remote-write.yaml);
#   4. posts one OTLP/JSON metric batch and two spans (one GenAI, one not) to the OTLP/HTTP receiver;
#   5. checks the Prometheus names on the exporter's /metrics (scrape mode), the span_metrics series (GenAI span only),
#      the span in the trace store, and the same names through Prometheus' query API;
#   6. stops everything it started (also on failure).
#
# Usage: collector/smoke-test.sh [scrape|remote-write|all]     (default: all)
# Needs: go (first build), curl, python3, node (render step); prometheus (optional, scripts/install-system-deps.sh).
# Prints "N passed, M failed" as its last line and exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-all}"
case "$MODE" in scrape|remote-write|all) ;; *) echo "usage: $0 [scrape|remote-write|all]" >&2; exit 2 ;; esac

OTELCOL="$("$ROOT/scripts/build-collector.sh" | tail -n1)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/genai-otel-smoke.XXXXXX")"
# shellcheck source=lib/processes.sh
source "$ROOT/collector/lib/processes.sh" # PIDS, stop_all, free_ports, wait_http
passed=0; failed=0

log() { echo "[smoke] $*" >&2; }
ok() { passed=$((passed + 1)); echo "  ok   $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL $*"; }
quiet() { "$@" >/dev/null 2>&1; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

cleanup() { stop_all; if [[ $failed -eq 0 && -z "${KEEP_SMOKE_DIR:-}" ]]; then rm -rf "$WORK"; else log "logs kept in $WORK"; fi; }
trap cleanup EXIT

wait_grep() { # url pattern [seconds]: until the body contains the (extended) regex
  local url="$1" pattern="$2" deadline=$(( $(date +%s) + ${3:-30} ))
  until curl -fsS "$url" 2>/dev/null | grep -Eq -- "$pattern"; do
    [[ $(date +%s) -lt $deadline ]] || return 1
    sleep 0.5
  done
}

prom_query_has() { # prometheus_addr promql label_regex [seconds]: until the query's result has a series matching
  local addr="$1" q="$2" pattern="$3" deadline=$(( $(date +%s) + ${4:-30} ))
  until curl -fsS --get "http://$addr/api/v1/query" --data-urlencode "query=$q" 2>/dev/null | grep -Eq -- "$pattern"; do
    [[ $(date +%s) -lt $deadline ]] || return 1
    sleep 0.5
  done
}

otlp_payloads() { # writes metrics.json and traces.json into $WORK
  python3 - "$WORK" <<'PY'
import json, os, sys, time
work = sys.argv[1]
now = time.time_ns()
start = now - 60 * 10**9
resource = {"attributes": [
    {"key": "service.name", "value": {"stringValue": "smoke-test"}},
    {"key": "service.instance.id", "value": {"stringValue": "smoke-1"}},
    {"key": "deployment.environment.name", "value": {"stringValue": "ci"}},
    {"key": "process.pid", "value": {"intValue": "4242"}},
]}
attrs = [
    {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
    {"key": "gen_ai.provider.name", "value": {"stringValue": "openai"}},
    {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o-mini"}},
]
scope = {"name": "@genai-otel/instrumentation", "version": "0.1.0"}
metrics = {"resourceMetrics": [{"resource": resource, "scopeMetrics": [{"scope": scope, "metrics": [
    {"name": "gen_ai.client.inference.duration", "unit": "s", "description": "smoke",
     "histogram": {"aggregationTemporality": 2, "dataPoints": [{
         "attributes": attrs, "startTimeUnixNano": str(start), "timeUnixNano": str(now),
         "count": "2", "sum": 1.5, "explicitBounds": [0.5, 1, 2], "bucketCounts": ["0", "1", "1", "0"]}]}},
    {"name": "gen_ai.client.inference.usage.input_tokens", "unit": "{token}", "description": "smoke",
     "sum": {"aggregationTemporality": 2, "isMonotonic": True, "dataPoints": [{
         "attributes": attrs, "startTimeUnixNano": str(start), "timeUnixNano": str(now), "asInt": "123"}]}},
]}]}]}
trace_id = os.urandom(16).hex()
spans = [
    {"traceId": trace_id, "spanId": os.urandom(8).hex(), "name": "chat gpt-4o-mini", "kind": 3,
     "startTimeUnixNano": str(now - 800 * 10**6), "endTimeUnixNano": str(now), "attributes": attrs,
     "status": {"code": 0}},
    {"traceId": trace_id, "spanId": os.urandom(8).hex(), "name": "GET /not-genai", "kind": 2,
     "startTimeUnixNano": str(now - 900 * 10**6), "endTimeUnixNano": str(now),
     "attributes": [{"key": "http.request.method", "value": {"stringValue": "GET"}}], "status": {"code": 0}},
]
traces = {"resourceSpans": [{"resource": resource, "scopeSpans": [{"scope": scope, "spans": spans}]}]}
json.dump(metrics, open(os.path.join(work, "metrics.json"), "w"))
json.dump(traces, open(os.path.join(work, "traces.json"), "w"))
open(os.path.join(work, "trace_id"), "w").write(trace_id)
PY
}

post_otlp() { # http_addr
  curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary "@$WORK/metrics.json" "http://$1/v1/metrics" &&
  curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary "@$WORK/traces.json" "http://$1/v1/traces"
}

log "collector: $OTELCOL"
for overlay in "" config-remote-write.yaml config-file-export.yaml; do
  args=(--config "$ROOT/collector/config.yaml"); [[ -n $overlay ]] && args+=(--config "$ROOT/collector/$overlay")
  check "validate config.yaml${overlay:+ + $overlay}" "$OTELCOL" validate "${args[@]}"
done

run_mode() { # scrape | remote-write
  local mode="$1" d="$WORK/$1"
  mkdir -p "$d"
  local p; read -r -a p <<<"$(free_ports 8)"
  local grpc="127.0.0.1:${p[0]}" http="127.0.0.1:${p[1]}" prom_exp="127.0.0.1:${p[2]}" health="127.0.0.1:${p[3]}"
  local tel_port="${p[4]}" sink="127.0.0.1:${p[5]}" sink_health="127.0.0.1:${p[6]}" prom="127.0.0.1:${p[7]}"
  echo "== $mode (otlp http $http, prometheus exporter $prom_exp, trace store $sink, prometheus $prom)"

  # Trace-store stand-in: OTLP/gRPC -> JSON lines.
  cat >"$d/sink.yaml" <<EOF
extensions: { health_check: { endpoint: "$sink_health" } }
receivers: { otlp: { protocols: { grpc: { endpoint: "$sink" } } } }
exporters: { file: { path: "$d/trace-store.jsonl", format: json, flush_interval: 100ms } }
service:
  extensions: [health_check]
  telemetry: { metrics: { level: none } }
  pipelines: { traces: { receivers: [otlp], exporters: [file] } }
EOF
  "$OTELCOL" --config "$d/sink.yaml" >"$d/sink.log" 2>&1 & PIDS+=($!)

  local have_prom=0
  if command -v prometheus >/dev/null 2>&1; then
    have_prom=1
    local extra=()
    if [[ $mode == scrape ]]; then
      node "$ROOT/prometheus/render-config.mjs" --collector-metrics "$prom_exp" --collector-telemetry "127.0.0.1:$tel_port" \
        --no-alertmanager --scrape-interval 1s --evaluation-interval 1s --out "$d/prometheus.yml"
      check "$mode: promtool check config (rendered)" quiet promtool check config "$d/prometheus.yml"
    else
      printf 'global: { scrape_interval: 15s }\n' >"$d/prometheus.yml"
      extra=(--web.enable-remote-write-receiver)
    fi
    prometheus --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/tsdb" --web.listen-address="$prom" \
      "${extra[@]}" >"$d/prometheus.log" 2>&1 & PIDS+=($!)
  else
    log "prometheus not installed: skipping the Prometheus checks (scripts/install-system-deps.sh installs it)"
  fi

  local configs=(--config "$ROOT/collector/config.yaml")
  [[ $mode == remote-write ]] && configs+=(--config "$ROOT/collector/config-remote-write.yaml")
  OTLP_GRPC_ENDPOINT="$grpc" OTLP_HTTP_ENDPOINT="$http" PROMETHEUS_EXPORTER_ENDPOINT="$prom_exp" \
  HEALTH_CHECK_ENDPOINT="$health" OTELCOL_TELEMETRY_PORT="$tel_port" TRACE_STORE_OTLP_ENDPOINT="$sink" \
  PROMETHEUS_REMOTE_WRITE_URL="http://$prom/api/v1/write" SPANMETRICS_FLUSH_INTERVAL=1s \
    "$OTELCOL" "${configs[@]}" >"$d/collector.log" 2>&1 & PIDS+=($!)

  check "$mode: trace-store stand-in healthy" wait_http "http://$sink_health/"
  check "$mode: collector health_check 200" wait_http "http://$health/"
  [[ $have_prom -eq 1 ]] && check "$mode: prometheus ready" wait_http "http://$prom/-/ready"
  check "$mode: OTLP/HTTP accepted the metric batch and the spans" post_otlp "$http"

  local trace_id; trace_id="$(cat "$WORK/trace_id")"
  check "$mode: span forwarded to the trace store over OTLP/gRPC" \
    bash -c "for i in \$(seq 60); do grep -q '$trace_id' '$d/trace-store.jsonl' 2>/dev/null && exit 0; sleep 0.5; done; exit 1"

  if [[ $mode == scrape ]]; then
    local m="http://$prom_exp/metrics"
    check "$mode: /metrics has gen_ai_client_inference_duration_seconds_bucket (job, env label)" wait_grep "$m" \
      '^gen_ai_client_inference_duration_seconds_bucket\{.*deployment_environment_name="ci".*job="smoke-test".*le="1"'
    check "$mode: /metrics has gen_ai_client_inference_usage_input_tokens_total 123" wait_grep "$m" \
      '^gen_ai_client_inference_usage_input_tokens_total\{.*gen_ai_request_model="gpt-4o-mini".*\} 123$'
    check "$mode: /metrics has traces_span_metrics_calls_total for the GenAI span" wait_grep "$m" \
      '^traces_span_metrics_calls_total\{.*gen_ai_operation_name="chat".*span_name="chat gpt-4o-mini".*\} 1$'
    check "$mode: /metrics has traces_span_metrics_duration_seconds_bucket" wait_grep "$m" \
      '^traces_span_metrics_duration_seconds_bucket\{.*le="0.32"'
    check "$mode: /metrics has target_info with the other resource attributes" wait_grep "$m" \
      '^target_info\{.*process_pid="4242"'
    check "$mode: process.pid not promoted onto metric series" \
      bash -c "! curl -fsS '$m' | grep -E '^gen_ai_client_inference_usage_input_tokens_total\\{' | grep -q process_pid"
    check "$mode: span_metrics series carry no collector_instance_id (exclude_dimensions)" \
      bash -c "! curl -fsS '$m' | grep -q collector_instance_id"
    check "$mode: non-GenAI span filtered out of span_metrics" \
      bash -c "! curl -fsS '$m' | grep -q 'span_name=\"GET /not-genai\"'"
    curl -fsS "$m" >"$d/metrics.txt" || true
    check "$mode: collector self-metrics on the telemetry port" wait_grep "http://127.0.0.1:$tel_port/metrics" '^otelcol_receiver_accepted'
  fi

  if [[ $have_prom -eq 1 ]]; then
    check "$mode: prometheus has gen_ai_client_inference_duration_seconds_count{job=smoke-test}" \
      prom_query_has "$prom" 'gen_ai_client_inference_duration_seconds_count' '"job":"smoke-test"'
    check "$mode: prometheus has gen_ai_client_inference_usage_input_tokens_total = 123" \
      prom_query_has "$prom" 'gen_ai_client_inference_usage_input_tokens_total{gen_ai_request_model="gpt-4o-mini"}' '"123"\]'
    check "$mode: prometheus has traces_span_metrics_calls_total{gen_ai_operation_name=chat}" \
      prom_query_has "$prom" 'traces_span_metrics_calls_total{gen_ai_operation_name="chat"}' '"job":"smoke-test"'
    if [[ $mode == scrape ]]; then
      check "$mode: prometheus up{job=genai-otel-collector} = 1" prom_query_has "$prom" 'up{job="genai-otel-collector"}' '"1"\]'
      check "$mode: prometheus up{job=otelcol} = 1" prom_query_has "$prom" 'up{job="otelcol"}' '"1"\]'
      check "$mode: honor_labels kept job=smoke-test (no exported_job)" \
        bash -c "! curl -fsS --get 'http://$prom/api/v1/query' --data-urlencode 'query=count by (__name__)({exported_job!=\"\"})' | grep -q __name__"
      curl -fsS "http://$prom/api/v1/label/__name__/values" >"$d/prometheus-names.json" || true
    else
      check "$mode: prometheus has target_info{job=smoke-test}" prom_query_has "$prom" 'target_info' '"job":"smoke-test"'
    fi
  fi
  stop_all
  if grep -q $'\terror\t' "$d/collector.log"; then
    bad "$mode: collector logged errors (see $d/collector.log)"
  else
    ok "$mode: collector logged no export errors"
  fi
}

otlp_payloads
[[ $MODE == all || $MODE == scrape ]] && run_mode scrape
[[ $MODE == all || $MODE == remote-write ]] && run_mode remote-write
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
