#!/usr/bin/env bash
# Installs everything genai-otel needs (Node 24 and pnpm into .tools/, the workspace packages), builds
# the packages and runs the demo (@genai-otel/demo): instrumented LLM calls against local fake providers.
# Set-up output goes to .tools/logs/demo-setup.log; the terminal gets one line per step.
# Extra arguments go to `genai-otel-demo` (e.g. --requests 500); --help prints its options without any set-up.
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  case "$arg" in
    -h|--help)
      # The options, without installing or building anything.
      sed -n '/^const USAGE = `/,/^`;/p' packages/demo/src/cli.ts | sed '1s/^const USAGE = `//; $d'
      exit 0 ;;
  esac
done

mkdir -p .tools/logs
LOG="$PWD/.tools/logs/demo-setup.log"
: > "$LOG"
step() {
  local name="$1"; shift
  printf '[setup] %s ... ' "$name" >&2
  local start=$SECONDS
  if "$@" >>"$LOG" 2>&1; then
    echo "done ($((SECONDS - start)) s)" >&2
  else
    echo "FAILED; the last lines of $LOG:" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
}
toolchain() { source scripts/ensure-toolchain.sh; }
step "Node 24 and pnpm (.tools/)" toolchain
step "workspace packages (pnpm install)" pnpm install --frozen-lockfile --reporter=append-only
step "build (tsup)" pnpm build
echo "[setup] full log: $LOG" >&2
exec node packages/demo/bin/genai-otel-demo.mjs "$@"
