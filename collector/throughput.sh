#!/usr/bin/env bash
# Throughput measurement of collector/config.yaml, without Docker.
#
# For each RATE given, on free loopback ports chosen now, it:
#   1. starts a trace-store stand-in (a second otelcol-genai: OTLP/gRPC in -> `debug` exporter, verbosity basic) and
#      the collector with collector/config.yaml (unchanged; ports from the environment), and waits for both health checks;
#   2. runs telemetrygen (traces or metrics, OTLP/gRPC, --otlp-insecure) at RATE items/s in total, split over WORKERS,
#      for DURATION (RATE `max`: no throttling, as fast as telemetrygen and the collector go). Spans look like GenAI client spans: gen_ai.operation.name/provider.name/request.model set (so they
#      pass filter/genai_spans and feed span_metrics), SPAN_DURATION long. Metrics: METRIC_TYPE points with the same
#      attributes;
#   3. waits SETTLE for the batch processor and the sending queue to drain, then reads the collector's own metrics
#      (http://127.0.0.1:<OTELCOL_TELEMETRY_PORT>/metrics) and /proc;
#   4. prints accepted, accepted/s, refused, sent, send_failed, queue left, the collector's CPU (cores, averaged over the
#      telemetrygen run), its RSS (at the end, and peak = VmHWM), the CPU of the sink and telemetrygen, the whole
#      machine's busy cores and the load average - other processes may share the machine, these columns say how much;
#   5. stops everything it started (also on failure or Ctrl-C).
# A markdown table row per rate is printed at the end (the format of collector/README.md, "Throughput (measured)").
#
# Usage: collector/throughput.sh traces|metrics RATE|max [RATE ...]    e.g. collector/throughput.sh traces 1000 5000
# Environment (defaults): WORKERS (auto: one per 500/s, at least 2; for `max`: 4 - telemetrygen's per-worker rate
#   limiter has burst 1 and undershoots above ~1000/s per worker, e.g. 4 workers x 5000/s gave 7800/s, not 20000/s),
#   BATCH_SIZE (512 items per telemetrygen export, the OTel SDKs' default batch size), DURATION (20s), SPAN_DURATION (800ms), CHILD_SPANS (1: 2 spans per trace),
#   METRIC_TYPE (Histogram), SETTLE (4 s), TELEMETRYGEN (telemetrygen on PATH or ~/go/bin, else `go install`ed),
#   KEEP_DIR=1 keeps the logs.
# Verdict column: ok = no refusals, no send failures, nothing left in the queue, every accepted span sent to the trace
#   store (traces), accepted >= 97% of RATE x DURATION and collector CPU < 1.6 cores. Otherwise the reasons.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TELEMETRYGEN_VERSION="v0.161.0"   # same release as the collector (collector/manifest.yaml)
SIGNAL="${1:-}"; shift || true
case "$SIGNAL" in traces|metrics) ;; *) echo "usage: $0 traces|metrics RATE [RATE ...]" >&2; exit 2 ;; esac
[[ $# -ge 1 ]] || { echo "usage: $0 traces|metrics RATE [RATE ...]" >&2; exit 2; }
WORKERS="${WORKERS:-auto}"
BATCH_SIZE="${BATCH_SIZE:-512}"
DURATION="${DURATION:-20s}"
SPAN_DURATION="${SPAN_DURATION:-800ms}"
CHILD_SPANS="${CHILD_SPANS:-1}"
METRIC_TYPE="${METRIC_TYPE:-Histogram}"
SETTLE="${SETTLE:-4}"
CPU_LIMIT="${CPU_LIMIT:-1.6}"

log() { echo "[throughput] $*" >&2; }

OTELCOL="$("$ROOT/scripts/build-collector.sh" | tail -n1)"
TG="${TELEMETRYGEN:-}"
if [[ -z $TG ]]; then
  TG="$(command -v telemetrygen || true)"
  [[ -z $TG && -x "$(go env GOPATH 2>/dev/null)/bin/telemetrygen" ]] && TG="$(go env GOPATH)/bin/telemetrygen"
  if [[ -z $TG ]]; then
    log "installing telemetrygen $TELEMETRYGEN_VERSION (go install, Go module proxy)"
    (cd / && go install "github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@$TELEMETRYGEN_VERSION") >&2
    TG="$(go env GOPATH)/bin/telemetrygen"
  fi
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/genai-otel-throughput.XXXXXX")"
# shellcheck source=lib/processes.sh
source "$ROOT/collector/lib/processes.sh" # PIDS, stop_all, free_ports, wait_http
cleanup() { stop_all; if [[ -z "${KEEP_DIR:-}" ]]; then rm -rf "$WORK"; else log "logs kept in $WORK"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

CLK_TCK="$(getconf CLK_TCK)"
proc_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }               # utime + stime of one process
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }  # total idle(+iowait)
kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }
now() { date +%s.%N; }

metric_sum() { # file name [label regex]: sum of every series of that metric (matching the label regex)
  awk -v n="$2" -v re="${3:-}" '
    $0 !~ /^#/ { split($0, a, /[{ ]/); if (a[1] == n && (re == "" || $0 ~ re)) s += $NF }
    END { printf "%.0f\n", s }' "$1"
}

ROWS=()
run_rate() { # rate
  local rate="$1" d="$WORK/$SIGNAL-$1"
  mkdir -p "$d"
  local p; read -r -a p <<<"$(free_ports 7)"
  local grpc="127.0.0.1:${p[0]}" http="127.0.0.1:${p[1]}" prom_exp="127.0.0.1:${p[2]}" health="127.0.0.1:${p[3]}"
  local tel_port="${p[4]}" sink="127.0.0.1:${p[5]}" sink_health="127.0.0.1:${p[6]}"

  # Trace-store stand-in: OTLP/gRPC -> debug (one log line per batch). No internal telemetry (no port to pick).
  cat >"$d/sink.yaml" <<EOF
extensions: { health_check: { endpoint: "$sink_health" } }
receivers: { otlp: { protocols: { grpc: { endpoint: "$sink" } } } }
exporters: { debug: { verbosity: basic } }
service:
  extensions: [health_check]
  telemetry: { metrics: { level: none } }
  pipelines: { traces: { receivers: [otlp], exporters: [debug] } }
EOF
  "$OTELCOL" --config "$d/sink.yaml" >"$d/sink.log" 2>&1 & local sink_pid=$!; PIDS+=("$sink_pid")
  OTLP_GRPC_ENDPOINT="$grpc" OTLP_HTTP_ENDPOINT="$http" PROMETHEUS_EXPORTER_ENDPOINT="$prom_exp" \
  HEALTH_CHECK_ENDPOINT="$health" OTELCOL_TELEMETRY_PORT="$tel_port" TRACE_STORE_OTLP_ENDPOINT="$sink" \
    "$OTELCOL" --config "$ROOT/collector/config.yaml" >"$d/collector.log" 2>&1 & local col_pid=$!; PIDS+=("$col_pid")
  wait_http "http://$sink_health/" || { log "sink did not become healthy: $d/sink.log"; KEEP_DIR=1; return 1; }
  wait_http "http://$health/" || { log "collector did not become healthy: $d/collector.log"; KEEP_DIR=1; return 1; }
  local rss_idle; rss_idle="$(kib "$col_pid" VmRSS)"

  local workers="$WORKERS" per_worker
  if [[ $workers == auto ]]; then
    if [[ $rate == max ]]; then workers=4; else workers="$(awk -v r="$rate" 'BEGIN { w = int((r + 499) / 500); print (w < 2 ? 2 : w) }')"; fi
  fi
  if [[ $rate == max ]]; then per_worker=0; else per_worker="$(awk -v r="$rate" -v w="$workers" 'BEGIN { printf "%.3f", r / w }')"; fi
  local attrs=(--telemetry-attributes 'gen_ai.operation.name="chat"'
               --telemetry-attributes 'gen_ai.provider.name="openai"'
               --telemetry-attributes 'gen_ai.request.model="gpt-4o-mini"'
               --telemetry-attributes 'gen_ai.response.model="gpt-4o-mini-2024-07-18"'
               --telemetry-attributes 'gen_ai.usage.input_tokens=412'
               --telemetry-attributes 'gen_ai.usage.output_tokens=128'
               --telemetry-attributes 'server.address="api.openai.com"')
  local tg_args=("$SIGNAL" --otlp-endpoint "$grpc" --otlp-insecure --rate "$per_worker" --workers "$workers" --batch-size "$BATCH_SIZE"
                 --duration "$DURATION" --service genai-throughput
                 --otlp-attributes 'deployment.environment.name="bench"' "${attrs[@]}")
  if [[ $SIGNAL == traces ]]; then
    tg_args+=(--span-duration "$SPAN_DURATION" --child-spans "$CHILD_SPANS")
  else
    tg_args+=(--metric-type "$METRIC_TYPE" --aggregation-temporality cumulative)
  fi

  # RSS sampler (VmHWM also gives the peak; the sampler shows the level during the run).
  ( max=0; while kill -0 "$col_pid" 2>/dev/null; do
      r="$(kib "$col_pid" VmRSS 2>/dev/null || echo 0)"; [[ ${r:-0} -gt $max ]] && max=$r; echo "$max" >"$d/rss_max"
      sleep 0.5; done ) & local sampler=$!; PIDS+=("$sampler")

  local c0 s0 m0 t0 c1 s1 m1 t1 tg_rc=0
  c0="$(proc_cpu_ticks "$col_pid")"; s0="$(proc_cpu_ticks "$sink_pid")"; m0="$(machine_ticks)"; t0="$(now)"
  log "$SIGNAL at $rate/s ($workers workers x $per_worker/s, $DURATION) -> collector $grpc"
  /usr/bin/time -f '%U %S' -o "$d/tg.time" "$TG" "${tg_args[@]}" >"$d/telemetrygen.log" 2>&1 || tg_rc=$?
  t1="$(now)"; c1="$(proc_cpu_ticks "$col_pid")"; s1="$(proc_cpu_ticks "$sink_pid")"; m1="$(machine_ticks)"
  local load; load="$(cut -d' ' -f1-3 /proc/loadavg)"
  sleep "$SETTLE"
  curl -fsS "http://127.0.0.1:$tel_port/metrics" >"$d/otelcol.prom"
  local rss_end hwm rss_max; rss_end="$(kib "$col_pid" VmRSS)"; hwm="$(kib "$col_pid" VmHWM)"
  kill "$sampler" 2>/dev/null || true; rss_max="$(cat "$d/rss_max" 2>/dev/null || echo 0)"
  stop_all

  local f="$d/otelcol.prom" accepted refused sent failed queue filtered item
  if [[ $SIGNAL == traces ]]; then item=spans; else item=metric_points; fi
  accepted="$(metric_sum "$f" "otelcol_receiver_accepted_$item" 'receiver="otlp"')"
  refused="$(metric_sum "$f" "otelcol_receiver_refused_$item" 'receiver="otlp"')"
  local rfailed; rfailed="$(metric_sum "$f" "otelcol_receiver_failed_$item" 'receiver="otlp"')"
  failed="$(metric_sum "$f" "otelcol_exporter_send_failed_$item")"
  queue="$(metric_sum "$f" otelcol_exporter_queue_size)"
  if [[ $SIGNAL == traces ]]; then
    sent="$(metric_sum "$f" otelcol_exporter_sent_spans 'exporter="otlp_grpc/trace_store"')"
    filtered="$(metric_sum "$f" otelcol_processor_filter_spans_filtered)"
    # span_metrics output (flushed every SPANMETRICS_FLUSH_INTERVAL, 15 s) reaching the prometheus exporter.
    filtered="$filtered, span_metrics points exported $(metric_sum "$f" otelcol_exporter_sent_metric_points 'exporter="prometheus"')"
  else
    sent="$(metric_sum "$f" otelcol_exporter_sent_metric_points 'exporter="prometheus"')"
    filtered=-
  fi
  # refused/failed counts only appear once non-zero.
  local tg_u tg_s; read -r tg_u tg_s <"$d/tg.time" || { tg_u=0; tg_s=0; }
  # telemetrygen's own WARN/ERROR lines (export failures, dropped data); grpc's INFO chatter at shutdown not counted.
  local tg_errors; tg_errors="$(grep -cE $'\t(WARN|ERROR|warn|error)\t' "$d/telemetrygen.log" || true)"

  local out
  out="$(awk -v rate="$rate" -v dur="$DURATION" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v s0="$s0" -v s1="$s1" \
      -v m0="$m0" -v m1="$m1" -v hz="$CLK_TCK" -v acc="$accepted" -v ref="$refused" -v rfail="$rfailed" -v sent="$sent" \
      -v failed="$failed" -v queue="$queue" -v tgu="$tg_u" -v tgs="$tg_s" -v rss_idle="$rss_idle" -v rss_end="$rss_end" \
      -v hwm="$hwm" -v rss_max="$rss_max" -v sig="$SIGNAL" -v lim="$CPU_LIMIT" -v tgrc="$tg_rc" -v tgerr="$tg_errors" 'BEGIN {
    wall = t1 - t0; secs = dur; sub(/s$/, "", secs)
    cpu = (c1 - c0) / hz / wall; scpu = (s1 - s0) / hz / wall; tgcpu = (tgu + tgs) / wall
    split(m0, a, " "); split(m1, b, " "); busy = ((b[1] - a[1]) - (b[2] - a[2])) / hz / wall
    v = ""
    if (ref + rfail > 0) v = v "refused,"
    if (failed > 0) v = v "send_failed,"
    if (queue > 0) v = v "queue_left,"
    if (sig == "traces" && sent < acc) v = v "not_all_sent,"
    if (rate != "max" && acc < 0.97 * rate * secs) v = v "short(" sprintf("%.0f%%", 100 * acc / (rate * secs)) "),"
    if (cpu >= lim) v = v "cpu>=" lim ","
    if (tgrc != 0) v = v "telemetrygen_rc=" tgrc ","
    if (v == "") v = "ok"; else sub(/,$/, "", v)
    printf "%s %s %.1f %.0f %d %d %d %d %d %.2f %.0f %.0f %.0f %.0f %.2f %.2f %.2f %s %d\n", \
      sig, rate, wall, acc / secs, acc, ref + rfail, sent, failed, queue, cpu, rss_idle / 1024, rss_end / 1024, \
      rss_max / 1024, hwm / 1024, scpu, tgcpu, busy, v, tgerr
  }')"
  local o; read -r -a o <<<"$out"
  echo "== $SIGNAL offered ${o[1]}/s ($workers workers) for $DURATION (telemetrygen ran ${o[2]} s): accepted ${o[4]} (${o[3]}/s)," \
       "refused ${o[5]}, sent ${o[6]}, send_failed ${o[7]}, queue left ${o[8]}${filtered:+, filtered $filtered}"
  echo "   collector CPU ${o[9]} cores, RSS idle ${o[10]} MiB / end ${o[11]} MiB / sampled max ${o[12]} MiB / peak (VmHWM) ${o[13]} MiB;" \
       "sink ${o[14]} cores, telemetrygen ${o[15]} cores, machine busy ${o[16]} of $(nproc) cores, load avg $load;" \
       "telemetrygen rc $tg_rc, error lines ${o[18]} -> ${o[17]}"
  ROWS+=("| $SIGNAL | ${o[1]} | $workers | ${o[3]} | ${o[5]} | ${o[7]} | ${o[9]} | ${o[13]} | ${o[14]} | ${o[15]} | ${o[16]} | $load | ${o[17]} |")
}

log "collector: $OTELCOL ($("$OTELCOL" --version)); telemetrygen: $TG; $(nproc) cores; work dir $WORK"
for r in "$@"; do run_rate "$r"; done
echo
echo "| signal | offered /s | workers | accepted /s | refused | send failed | collector CPU (cores) | collector peak RSS (MiB) | sink CPU | telemetrygen CPU | machine busy (cores) | load avg 1/5/15 | verdict |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
