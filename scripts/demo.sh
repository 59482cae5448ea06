#!/usr/bin/env bash
# Installs everything genai-otel needs (Node 24 and pnpm into .tools/, the workspace packages), builds
# the packages and runs the demo: instrumented LLM calls against the local fake provider.
# Extra arguments go to `genai-otel demo` (e.g. --requests 500).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-toolchain.sh
pnpm install --frozen-lockfile --reporter=append-only >&2
pnpm build >&2
exec node packages/node/bin/genai-otel.mjs demo "$@"
