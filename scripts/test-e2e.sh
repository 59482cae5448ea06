#!/usr/bin/env bash
# The end-to-end test (`pnpm test:e2e`): installs Debian's prometheus and prometheus-alertmanager when
# missing, builds the collector or reuses the cached build, then runs e2e/ with vitest. Expects the
# workspace installed and built (scripts/test.sh does both first).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-toolchain.sh
bash scripts/install-system-deps.sh >&2
GENAI_OTEL_OTELCOL="$(bash scripts/build-collector.sh | tail -n1)"
export GENAI_OTEL_OTELCOL
exec pnpm exec vitest run --config e2e/vitest.config.ts "$@"
