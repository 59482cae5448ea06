#!/usr/bin/env bash
# Installs everything genai-otel needs (Node 24 and pnpm into .tools/, the workspace packages), builds
# the packages (child-process tests run the built entry points) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-toolchain.sh
pnpm install --frozen-lockfile --reporter=append-only
pnpm build
pnpm typecheck
pnpm test
